import Foundation

/// An instant seen in a time zone, with the formats Digdag prints.
public struct ZonedTime: Sendable, Equatable {
    /// The instant.
    public var date: Date
    /// The zone it is seen in.
    public var zone: TimeZone

    /// Creates a zoned time.
    public init(_ date: Date, _ zone: TimeZone) {
        self.date = date
        self.zone = zone
    }

    /// Calendar fields in the zone (proleptic Gregorian, computed arithmetically: Foundation's
    /// Calendar would load ICU's data, several MB, for every process).
    public var fields: DateComponents {
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + offsetSeconds
        let days = Self.floorDivide(local, 86_400)
        let seconds = local - days * 86_400
        let (year, month, day) = Self.civil(fromDays: days)
        return DateComponents(
            year: year, month: month, day: day, hour: seconds / 3600, minute: (seconds % 3600) / 60,
            second: seconds % 60)
    }

    /// Seconds east of UTC at this instant.
    public var offsetSeconds: Int { zone.secondsFromGMT(for: date) }

    /// Whole seconds since the epoch.
    public var unixTime: Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }

    /// `yyyy-MM-dd'T'HH:mm:ssxxx`, e.g. `2023-07-16T00:00:00+09:00` (UTC is `+00:00`).
    public var isoOffset: String {
        let offset = offsetSeconds
        var out: [UInt8] = []
        out.reserveCapacity(25)
        Self.writeLocalDateTime(localSeconds: Int(unixTime) + offset, separator: UInt8(ascii: "T"), to: &out)
        out.append(contentsOf: Self.offset(offset, colon: true).utf8)
        return String(decoding: out, as: UTF8.self)
    }
    /// `yyyy-MM-dd`.
    public var dateText: String { String(localDateTimeText.prefix(10)) }
    /// `yyyyMMdd`.
    public var dateCompact: String {
        let f = fields
        return "\(pad(f.year!, 4))\(pad(f.month!, 2))\(pad(f.day!, 2))"
    }
    /// `HH:mm:ss`.
    public var timeText: String { String(localDateTimeText.suffix(8)) }

    private var localDateTimeText: String {
        var out: [UInt8] = []
        out.reserveCapacity(19)
        Self.writeLocalDateTime(localSeconds: Int(unixTime) + offsetSeconds, separator: UInt8(ascii: " "), to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `yyyy-MM-dd<separator>HH:mm:ss` for seconds since 1970-01-01T00:00 of a local clock
    /// (years from 0), without building strings or calendar fields.
    public static func writeLocalDateTime(localSeconds: Int, separator: UInt8, to out: inout [UInt8]) {
        let days = floorDivide(localSeconds, 86_400)
        let seconds = localSeconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        if year >= 10_000 {
            out.append(contentsOf: String(year / 100).utf8)
        } else {
            appendTwoDigits(year / 100, to: &out)
        }
        appendTwoDigits(year % 100, to: &out)
        out.append(UInt8(ascii: "-"))
        appendTwoDigits(month, to: &out)
        out.append(UInt8(ascii: "-"))
        appendTwoDigits(day, to: &out)
        out.append(separator)
        appendTwoDigits(seconds / 3600, to: &out)
        out.append(UInt8(ascii: ":"))
        appendTwoDigits(seconds % 3600 / 60, to: &out)
        out.append(UInt8(ascii: ":"))
        appendTwoDigits(seconds % 60, to: &out)
    }

    private static func appendTwoDigits(_ value: Int, to out: inout [UInt8]) {
        out.append(UInt8(truncatingIfNeeded: 48 + value / 10))
        out.append(UInt8(truncatingIfNeeded: 48 + value % 10))
    }

    /// `yyyy-MM-dd HH:mm:ss`.
    public var localTime: String { "\(dateText) \(timeText)" }
    /// `xx`, e.g. `+0900`.
    public var offsetCompact: String { Self.offset(offsetSeconds, colon: false) }
    /// `yyyy-MM-dd HH:mm:ss Z`, e.g. `2023-07-16 10:22:24 +0900` (log lines, CLI times).
    public var logText: String { "\(localTime) \(offsetCompact)" }
    /// `yyyyMMdd'T'HHmmssxx`, e.g. `20230716T000000+0900` (status directory names).
    public var statusDirectoryName: String {
        let f = fields
        return "\(dateCompact)T\(pad(f.hour!, 2))\(pad(f.minute!, 2))\(pad(f.second!, 2))\(offsetCompact)"
    }

    /// Java's `Instant.toString()` to the millisecond: `2023-07-16T01:02:03.456Z` (`...:03Z` when whole).
    public static func instantText(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let whole = ZonedTime(Date(timeIntervalSince1970: Double(millis.quotientAndRemainder(dividingBy: 1000).quotient)), TimeZone(identifier: "UTC")!)
        let fraction = ((millis % 1000) + 1000) % 1000
        let suffix = fraction == 0 ? "" : "." + (fraction < 10 ? "00" : fraction < 100 ? "0" : "") + String(fraction)
        return "\(whole.dateText)T\(whole.timeText)\(suffix)Z"
    }

    /// An offset as `+09:00` or `+0900`.
    public static func offset(_ seconds: Int, colon: Bool) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let total = abs(seconds)
        let hours = total / 3600, minutes = (total % 3600) / 60
        let h = hours < 10 ? "0\(hours)" : "\(hours)"
        let m = minutes < 10 ? "0\(minutes)" : "\(minutes)"
        return colon ? "\(sign)\(h):\(m)" : "\(sign)\(h)\(m)"
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// The instant at the given wall-clock fields in `zone`, or nil if the fields are invalid.
    public static func at(
        year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, zone: TimeZone
    ) -> Date? {
        guard (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute),
            (0...59).contains(second)
        else { return nil }
        guard day <= daysInMonth(year: year, month: month) else { return nil }
        let local = daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
        // Java's rule: in an overlap take the earlier instant; in a gap move forward by the gap.
        func offset(_ t: Int) -> Int { zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(t))) }
        let before = offset(local - 86_400), after = offset(local + 86_400)
        let candidates = [local - before, local - after].filter { offset($0) == local - $0 }
        let utc = candidates.min() ?? (local - before)
        return Date(timeIntervalSince1970: Double(utc))
    }

    static func floorDivide(_ a: Int, _ b: Int) -> Int {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    /// Days since 1970-01-01 of a Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = floorDivide(y, 400)
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The Gregorian date of a day count since 1970-01-01.
    static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// Java `ZoneId`-style time zone names: region ids (`Asia/Tokyo`), `UTC`, `Z`, `GMT`,
/// and fixed offsets (`+09:00`, `UTC+9`).
public enum ZoneNames {
    /// The zone for a name, or nil when Java would reject it (e.g. `JST`).
    public static func zone(_ name: String) -> TimeZone? {
        switch name {
        case "UTC", "Z", "GMT", "UT": return TimeZone(identifier: "UTC")
        default: break
        }
        if let offset = fixedOffsetSeconds(name) { return TimeZone(secondsFromGMT: offset) }
        for prefix in ["UTC", "GMT", "UT"] where name.hasPrefix(prefix) {
            if let offset = fixedOffsetSeconds(String(name.dropFirst(prefix.count))) {
                return TimeZone(secondsFromGMT: offset)
            }
        }
        // Region ids contain '/', except a few such as "Japan"; short ids such as JST are rejected.
        guard name.contains("/") || name.count > 3, let zone = TimeZone(identifier: name) else { return nil }
        return zone
    }

    private static func fixedOffsetSeconds(_ text: String) -> Int? {
        guard let sign = text.first, sign == "+" || sign == "-" else { return nil }
        let body = text.dropFirst()
        let parts = body.split(separator: ":", omittingEmptySubsequences: false)
        var hours = 0, minutes = 0
        if parts.count == 1 {
            let digits = String(parts[0])
            guard digits.allSatisfy(\.isNumber), (1...4).contains(digits.count) else { return nil }
            if digits.count <= 2 {
                hours = Int(digits)!
            } else {
                hours = Int(digits.prefix(digits.count - 2))!
                minutes = Int(digits.suffix(2))!
            }
        } else if parts.count == 2 {
            guard let h = Int(parts[0]), let m = Int(parts[1]), parts[1].count == 2 else { return nil }
            hours = h
            minutes = m
        } else {
            return nil
        }
        guard hours <= 18, minutes < 60 else { return nil }
        let total = hours * 3600 + minutes * 60
        return sign == "-" ? -total : total
    }
}
