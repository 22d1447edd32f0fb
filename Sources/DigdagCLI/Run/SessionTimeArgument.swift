import DigdagCore
import Foundation

/// Resolves `--session` (`last`, `daily`, `hourly`, `schedule`, `yyyy-MM-dd[ HH:mm:ss]`).
enum SessionTimeArgument {
    /// How the time was chosen, for the WARN line Digdag prints.
    enum Source {
        case explicit
        case reused
        case new
    }

    static func resolve(
        _ argument: String, now: Date, zone: TimeZone, statusRoot: URL, workflow: String,
        lastStatusTime: (URL, String) -> Date?
    ) throws -> (Date, Source) {
        switch argument {
        case "hourly":
            let f = ZonedTime(now, zone).fields
            return (ZonedTime.at(year: f.year!, month: f.month!, day: f.day!, hour: f.hour!, zone: zone)!, .explicit)
        case "daily":
            return (startOfDay(now, zone), .explicit)
        case "last":
            if let last = lastStatusTime(statusRoot, workflow) { return (last, .reused) }
            return (startOfDay(now, zone), .new)
        case "schedule":
            throw CLIError("--session schedule is set but schedule is not set to this workflow.")
        default:
            if let date = parse(argument, zone: zone) { return (date, .explicit) }
            throw CLIError(
                    "--session must be hourly, daily, last, \"yyyy-MM-dd\", or \"yyyy-MM-dd HH:mm:SS\" format: \(argument)"
            )
        }
    }

    static func startOfDay(_ now: Date, _ zone: TimeZone) -> Date {
        let f = ZonedTime(now, zone).fields
        return ZonedTime.at(year: f.year!, month: f.month!, day: f.day!, zone: zone)!
    }

    /// `yyyy-MM-dd` or `yyyy-MM-dd HH:mm:ss` in `zone`.
    static func parse(_ text: String, zone: TimeZone) -> Date? {
        let c = Array(text)
        guard c.count == 10 || c.count == 19, c[4] == "-", c[7] == "-" else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            let s = String(c[r])
            return s.allSatisfy(\.isNumber) ? Int(s) : nil
        }
        guard let y = num(0..<4), let m = num(5..<7), let d = num(8..<10) else { return nil }
        if c.count == 10 { return ZonedTime.at(year: y, month: m, day: d, zone: zone) }
        guard c[10] == " ", c[13] == ":", c[16] == ":", let h = num(11..<13), let mi = num(14..<16),
            let s = num(17..<19)
        else { return nil }
        return ZonedTime.at(year: y, month: m, day: d, hour: h, minute: mi, second: s, zone: zone)
    }
}
