import DigdagCore
import Foundation

/// Times as Digdag's client commands print and read them (`cli:TimeUtil.java`).
enum ClientTime {
    /// An instant as `yyyy-MM-dd HH:mm:ss Z` in the machine's time zone.
    static func format(_ instant: Date) -> String {
        Banner.formatLocalTime(time_t(instant.timeIntervalSince1970.rounded(.down)))
    }

    /// A session time as `yyyy-MM-dd HH:mm:ss Z` with the offset it was given in.
    static func format(epochSeconds: Int64, zoneId: String) -> String {
        ZonedTime(Date(timeIntervalSince1970: Double(epochSeconds)), ZoneNames.zone(zoneId) ?? .gmt).logText
    }

    /// `format(instant)` followed by ` (in 1h 2m 3s)` or ` (5m 3s ago)`.
    static func formatWithDiff(now: Date, _ instant: Date) -> String {
        let diff = formatDiff(now: now, instant)
        return format(instant) + (instant > now ? " (in \(diff))" : " (\(diff) ago)")
    }

    /// `1h 2m 3s`, `2m 3s` or `3s` between two instants.
    static func formatDiff(now: Date, _ instant: Date) -> String {
        var seconds = abs(Int64(instant.timeIntervalSince1970.rounded(.down)) - Int64(now.timeIntervalSince1970.rounded(.down)))
        let hours = seconds / 3600
        seconds %= 3600
        let minutes = seconds / 60
        seconds %= 60
        if hours > 0 { return "\(hours)h \(minutes)m \(seconds)s" }
        if minutes > 0 { return "\(minutes)m \(seconds)s" }
        return "\(seconds)s"
    }

    /// Java's `OffsetDateTime.toString()`: `2016-01-01T00:00+09:00`, seconds only when not zero,
    /// `Z` for UTC.
    static func javaOffsetDateTime(epochSeconds: Int64, zoneId: String) -> String {
        let zoned = ZonedTime(Date(timeIntervalSince1970: Double(epochSeconds)), ZoneNames.zone(zoneId) ?? .gmt)
        let f = zoned.fields
        let offset = zoned.offsetSeconds == 0 ? "Z" : ZonedTime.offset(zoned.offsetSeconds, colon: true)
        return localDateTimeText(year: f.year!, month: f.month!, day: f.day!, hour: f.hour!, minute: f.minute!, second: f.second!)
            + offset
    }

    /// Java's `LocalDateTime.toString()`: `2016-01-01T00:00`, or `...T12:34:56` with seconds.
    static func localDateTimeText(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> String {
        func pad(_ v: Int, _ w: Int = 2) -> String {
            let s = String(v)
            return s.count >= w ? s : String(repeating: "0", count: w - s.count) + s
        }
        let time = "\(pad(hour)):\(pad(minute))" + (second == 0 ? "" : ":\(pad(second))")
        return "\(pad(year, 4))-\(pad(month))-\(pad(day))T\(time)"
    }

    /// Parses `yyyy-MM-dd HH:mm:ss Z` or UNIX seconds (`TimeUtil.parseTime`).
    static func parseTime(_ text: String, optionName: String, now: Date = Date()) throws -> Date {
        if let seconds = Int64(text) {
            return Date(timeIntervalSince1970: Double(seconds))
        }
        if let date = parseZoned(text) { return date }
        throw CLIError(
            "\(optionName) option must be \"yyyy-MM-dd HH:mm:ss Z\" format or UNIX timestamp: \(text)"
                + "\nhint: current local time is \"\(format(now))\"")
    }

    /// `yyyy-MM-dd HH:mm:ss Z` with `Z` as `+0900`.
    private static func parseZoned(_ text: String) -> Date? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2].count == 5, let sign = parts[2].first, sign == "+" || sign == "-",
            let hh = Int(parts[2].dropFirst().prefix(2)), let mm = Int(parts[2].suffix(2)),
            let local = localDateTime("\(parts[0]) \(parts[1])", requireTime: true)
        else { return nil }
        let offset = (sign == "-" ? -1 : 1) * (hh * 3600 + mm * 60)
        guard let utc = ZonedTime.at(
            year: local.year, month: local.month, day: local.day, hour: local.hour, minute: local.minute,
            second: local.second, zone: TimeZone(identifier: "UTC")!)
        else { return nil }
        return utc.addingTimeInterval(Double(-offset))
    }

    /// Wall-clock fields of a local date-time.
    struct LocalDateTime: Equatable {
        var year, month, day, hour, minute, second: Int

        /// Java's `LocalDateTime.toString()`, the form sent as `LocalTimeOrInstant`.
        var javaText: String {
            ClientTime.localDateTimeText(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        }
    }

    /// Parses `yyyy-MM-dd[ HH:mm:ss]` (`TimeUtil.parseLocalTime`); the error is `<message>: <text>`.
    static func parseLocalTime(_ text: String, errorMessage: String) throws -> LocalDateTime {
        guard let local = localDateTime(text, requireTime: false) else { throw CLIError("\(errorMessage): \(text)") }
        return local
    }

    private static func localDateTime(_ text: String, requireTime: Bool) -> LocalDateTime? {
        let c = Array(text)
        guard c.count == 19 || (!requireTime && c.count == 10), c[4] == "-", c[7] == "-" else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            let s = String(c[r])
            return s.allSatisfy { $0.isASCII && $0.isNumber } ? Int(s) : nil
        }
        guard let y = num(0..<4), let m = num(5..<7), let d = num(8..<10) else { return nil }
        var value = LocalDateTime(year: y, month: m, day: d, hour: 0, minute: 0, second: 0)
        if c.count == 19 {
            guard c[10] == " ", c[13] == ":", c[16] == ":", let h = num(11..<13), let mi = num(14..<16),
                let s = num(17..<19)
            else { return nil }
            value.hour = h
            value.minute = mi
            value.second = s
        }
        guard ZonedTime.at(
            year: value.year, month: value.month, day: value.day, hour: value.hour, minute: value.minute,
            second: value.second, zone: TimeZone(identifier: "UTC")!) != nil
        else { return nil }
        return value
    }
}
