#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The first stderr line of every invocation: `yyyy-MM-dd HH:mm:ss Z: Digdag v0.10.5`.
enum Banner {
    /// The version this implementation is compatible with and reports.
    static let version = "0.10.5"

    /// The banner line for the current wall-clock time in the machine's time zone.
    static func line(now: time_t = time(nil)) -> String {
        "\(formatLocalTime(now)): Digdag v\(version)"
    }

    /// Formats `seconds` as `yyyy-MM-dd HH:mm:ss +hhmm` in the machine's time zone
    /// (Java `SimpleDateFormat("yyyy-MM-dd HH:mm:ss Z")`).
    static func formatLocalTime(_ seconds: time_t) -> String {
        var value = seconds
        var parts = tm()
        localtime_r(&value, &parts)
        let offset = Int(parts.tm_gmtoff)
        let sign = offset < 0 ? "-" : "+"
        let absolute = abs(offset)
        return "\(pad(Int(parts.tm_year) + 1900, 4))-\(pad(Int(parts.tm_mon) + 1))-\(pad(Int(parts.tm_mday))) "
            + "\(pad(Int(parts.tm_hour))):\(pad(Int(parts.tm_min))):\(pad(Int(parts.tm_sec))) "
            + "\(sign)\(pad(absolute / 3600))\(pad(absolute % 3600 / 60))"
    }

    private static func pad(_ value: Int, _ width: Int = 2) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
