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

    /// Calendar fields in the zone.
    public var fields: DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    }

    /// Seconds east of UTC at this instant.
    public var offsetSeconds: Int { zone.secondsFromGMT(for: date) }

    /// Whole seconds since the epoch.
    public var unixTime: Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }

    /// `yyyy-MM-dd'T'HH:mm:ssxxx`, e.g. `2023-07-16T00:00:00+09:00` (UTC is `+00:00`).
    public var isoOffset: String { "\(dateText)T\(timeText)\(Self.offset(offsetSeconds, colon: true))" }
    /// `yyyy-MM-dd`.
    public var dateText: String {
        let f = fields
        return "\(pad(f.year!, 4))-\(pad(f.month!, 2))-\(pad(f.day!, 2))"
    }
    /// `yyyyMMdd`.
    public var dateCompact: String {
        let f = fields
        return "\(pad(f.year!, 4))\(pad(f.month!, 2))\(pad(f.day!, 2))"
    }
    /// `HH:mm:ss`.
    public var timeText: String {
        let f = fields
        return "\(pad(f.hour!, 2)):\(pad(f.minute!, 2)):\(pad(f.second!, 2))"
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
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let comps = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard let date = calendar.date(from: comps) else { return nil }
        let check = calendar.dateComponents([.year, .month, .day], from: date)
        guard check.year == year, check.month == month, check.day == day else { return nil }
        return date
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
