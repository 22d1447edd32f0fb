import Foundation

/// A workflow's `sla:` (Digdag's session monitor of type `sla`): when the attempt is still
/// running at its deadline, the root gets `^sla^alert` (a `notify>` "SLA violation", unless
/// `alert: false`), `^sla^fail` (a `fail>`, with `fail: true`) and `^sla` (the other keys, such
/// as `+tasks`), all ready at once.
public struct SlaRule: Sendable, Equatable {
    /// How the deadline is set.
    public enum Deadline: Sendable, Equatable {
        /// The next time of day (in the workflow's time zone) at or after the run time.
        case time(hour: Int, minute: Int, second: Int)
        /// This long after the run time.
        case duration(hour: Int, minute: Int, second: Int)
    }

    /// How the deadline is set.
    public let deadline: Deadline
    /// Add the `notify>` task (default true).
    public let alert: Bool
    /// Add the `fail>` task (default false).
    public let fail: Bool
    /// The remaining keys: the tasks of `^sla`.
    public let tasks: Config

    /// The rule of a root task's config, nil without `sla:`.
    public init?(rootConfig: Config) throws(ConfigError) {
        guard let value = rootConfig["sla"], !value.isNull else { return nil }
        guard case .object(var config) = value else {
            throw ConfigError("Expected object type for key 'sla' but got \(JSONText.compact(value))")
        }
        let time = config.removeValue(forKey: "time")
        let duration = config.removeValue(forKey: "duration")
        guard (time == nil) != (duration == nil), let given = time ?? duration else {
            throw ConfigError("SLA must be specified using either the 'time' or 'duration' option")
        }
        let option = time == nil ? "duration" : "time"
        let text = given.textValue
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ $0 != nil }) else {
            throw ConfigError("SLA \(option) option needs to be HH:MM or HH:MM:SS format: \(text)")
        }
        let (hour, minute, second) = (parts[0]!, parts[1]!, parts.count == 3 ? parts[2]! : 0)
        deadline = time == nil
            ? .duration(hour: hour, minute: minute, second: second) : .time(hour: hour, minute: minute, second: second)
        alert = config.removeValue(forKey: "alert").flatMap(ConfigCoercion.bool) ?? true
        fail = config.removeValue(forKey: "fail").flatMap(ConfigCoercion.bool) ?? false
        tasks = config
    }

    /// When the SLA is missed for an attempt asked to run at `runTime`.
    public func triggerTime(runTime: Date, timeZone: TimeZone) -> Date {
        switch deadline {
        case .duration(let hour, let minute, let second):
            return runTime.addingTimeInterval(TimeInterval(hour * 3600 + minute * 60 + second))
        case .time(let hour, let minute, let second):
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            var fields = calendar.dateComponents([.year, .month, .day], from: runTime)
            fields.hour = hour
            fields.minute = minute
            fields.second = second
            let sameDay = calendar.date(from: fields) ?? runTime
            // Digdag assumes a daily SLA: a time already passed means the same time tomorrow.
            return sameDay < runTime ? sameDay.addingTimeInterval(86_400) : sameDay
        }
    }
}
