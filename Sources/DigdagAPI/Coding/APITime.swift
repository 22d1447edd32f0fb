import DigdagCore
import Foundation

/// Digdag's REST time formats.
public enum APITime {
    private static let utc = TimeZone(identifier: "UTC")!

    /// An instant as `2021-09-29T13:17:27Z` (second precision, UTC).
    public static func instant(_ date: Date) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(20)
        writeInstant(date, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends ``instant(_:)``'s text as UTF-8.
    public static func writeInstant(_ date: Date, to out: inout [UInt8]) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        ZonedTime.writeLocalDateTime(localSeconds: seconds, separator: UInt8(ascii: "T"), to: &out)
        out.append(UInt8(ascii: "Z"))
    }

    /// A session time as `2016-02-10T00:00:00-08:00` in `zone` (`+00:00` for UTC, never `Z`).
    public static func offsetDateTime(epochSeconds: Int64, zone: TimeZone) -> String {
        ZonedTime(Date(timeIntervalSince1970: Double(epochSeconds)), zone).isoOffset
    }

    /// Parses an ISO instant with `Z` or an offset and an optional fraction (Java's ISO_DATE_TIME).
    public static func parseInstant(_ text: String) -> Date? {
        guard let parsed = parseDateTime(text), let offset = parsed.offset else { return nil }
        return Date(timeIntervalSince1970: Double(parsed.localSeconds - Int64(offset)) + parsed.fraction)
    }

    /// Parses an `OffsetDateTime` such as `2016-02-10T00:00:00-08:00` into epoch seconds and
    /// the Java zone id of its offset (`+09:00`, or `Z` for UTC), so that it can be shown with the
    /// same offset again.
    public static func parseOffsetDateTime(_ text: String) -> (epochSeconds: Int64, zoneId: String)? {
        guard let parsed = parseDateTime(text), let offset = parsed.offset else { return nil }
        let zoneId = offset == 0 ? "Z" : ZonedTime.offset(offset, colon: true)
        return (parsed.localSeconds - Int64(offset), zoneId)
    }

    /// Parses `LocalTimeOrInstant`: an ISO date-time with offset is an instant; without one it
    /// is a local time in `zone`. Seconds and fractions are optional.
    public static func parseLocalTimeOrInstant(_ text: String, zone: TimeZone) -> Date? {
        guard let parsed = parseDateTime(text) else { return nil }
        if let offset = parsed.offset {
            return Date(timeIntervalSince1970: Double(parsed.localSeconds - Int64(offset)) + parsed.fraction)
        }
        let f = parsed.fields
        return ZonedTime.at(
            year: f.year, month: f.month, day: f.day, hour: f.hour, minute: f.minute, second: f.second, zone: zone
        ).map { $0.addingTimeInterval(parsed.fraction) }
    }

    struct Fields {
        var year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0
    }

    struct Parsed {
        var fields: Fields
        var fraction: Double
        var offset: Int?
        var localSeconds: Int64 {
            let date = ZonedTime.at(
                year: fields.year, month: fields.month, day: fields.day, hour: fields.hour, minute: fields.minute,
                second: fields.second, zone: APITime.utc)
            return Int64(date?.timeIntervalSince1970 ?? 0)
        }
    }

    /// `yyyy-MM-ddTHH:mm[:ss[.fff]][Z|±HH:MM|±HHMM|±HH]`.
    static func parseDateTime(_ text: String) -> Parsed? {
        let chars = Array(text.utf8)
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= chars.count else { return nil }
            var v = 0
            for k in 0..<n {
                let c = chars[i + k]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            i += n
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < chars.count, chars[i] == c else { return false }
            i += 1
            return true
        }
        var f = Fields()
        guard let y = digits(4), expect(45), let mo = digits(2), expect(45), let d = digits(2) else { return nil }
        guard i < chars.count, chars[i] == 84 || chars[i] == 116 else { return nil }
        i += 1
        guard let h = digits(2), expect(58), let mi = digits(2) else { return nil }
        f.year = y; f.month = mo; f.day = d; f.hour = h; f.minute = mi
        var fraction = 0.0
        if expect(58) {
            guard let s = digits(2) else { return nil }
            f.second = s
            if expect(46) {
                var scale = 0.1
                var any = false
                while i < chars.count, chars[i] >= 48, chars[i] <= 57 {
                    fraction += Double(chars[i] - 48) * scale
                    scale /= 10
                    i += 1
                    any = true
                }
                if !any { return nil }
            }
        }
        var offset: Int?
        if i < chars.count {
            if chars[i] == 90 || chars[i] == 122 {
                offset = 0
                i += 1
            } else if chars[i] == 43 || chars[i] == 45 {
                let sign = chars[i] == 45 ? -1 : 1
                i += 1
                guard let oh = digits(2) else { return nil }
                var om = 0
                if expect(58) {
                    guard let m = digits(2) else { return nil }
                    om = m
                } else if let m = digits(2) {
                    om = m
                }
                offset = sign * (oh * 3600 + om * 60)
            }
        }
        guard i == chars.count else { return nil }
        guard ZonedTime.at(year: f.year, month: f.month, day: f.day, hour: f.hour, minute: f.minute, second: f.second,
                           zone: utc) != nil else { return nil }
        return Parsed(fields: f, fraction: fraction, offset: offset)
    }
}
