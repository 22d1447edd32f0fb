/// An instant: seconds since 1970-01-01T00:00:00Z plus nanoseconds, as Embulk's `Timestamp`.
public struct Timestamp: Sendable, Equatable, Comparable {
    /// Whole seconds since the epoch.
    public var seconds: Int64
    /// Nanoseconds within the second (0..<1_000_000_000).
    public var nanos: Int32

    /// Creates an instant.
    public init(seconds: Int64, nanos: Int32 = 0) {
        self.seconds = seconds
        self.nanos = nanos
    }

    /// Orders instants.
    public static func < (a: Timestamp, b: Timestamp) -> Bool {
        (a.seconds, a.nanos) < (b.seconds, b.nanos)
    }
}

/// A date and time of day without a zone, with the proleptic Gregorian conversions.
package struct CivilTime: Sendable, Equatable {
    package var year: Int64
    package var month: Int
    package var day: Int
    package var hour = 0
    package var minute = 0
    package var second = 0
    package var nanos: Int32 = 0

    package init(year: Int64, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, nanos: Int32 = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.nanos = nanos
    }

    /// Seconds since the epoch of this wall time read as UTC.
    package var epochSeconds: Int64 {
        Self.daysFromCivil(year, month, day) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// The UTC wall time of `seconds` since the epoch.
    package init(epochSeconds seconds: Int64, nanos: Int32 = 0) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = Int(seconds - days * 86_400)
        let (y, m, d) = Self.civilFromDays(days)
        self.init(year: y, month: m, day: d, hour: rest / 3600, minute: rest / 60 % 60, second: rest % 60, nanos: nanos)
    }

    /// Day of the week, 0 = Sunday.
    package var weekday: Int {
        let days = Self.daysFromCivil(year, month, day)
        return Int(((days % 7) + 11) % 7)
    }

    /// Day of the year, 1-based.
    package var dayOfYear: Int {
        Int(Self.daysFromCivil(year, month, day) - Self.daysFromCivil(year, 1, 1)) + 1
    }

    /// Days since 1970-01-01 (Howard Hinnant's algorithm).
    package static func daysFromCivil(_ year: Int64, _ month: Int, _ day: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ days: Int64) -> (Int64, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = Int(doy - (153 * mp + 2) / 5 + 1)
        let m = Int(mp < 10 ? mp + 3 : mp - 9)
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
