import Foundation

/// The params an attempt starts with, built the same way for `digdag run` and for the server
/// (Digdag's `AttemptBuilder.buildSessionParameters`).
public enum SessionParams {
    /// The override params plus, for a workflow with a `schedule:`, `last_session_time` and
    /// `next_session_time` around `sessionTime` in the workflow's zone, and
    /// `last_executed_session_time` when the scheduler knows one.
    ///
    /// A schedule that does not parse adds nothing: the workflow was validated when it was loaded.
    public static func build(
        overrides: Config, schedule: ConfigValue?, zone: TimeZone, sessionTime: Date,
        lastExecutedSessionTime: Date? = nil
    ) -> Config {
        var params = overrides
        guard let schedule, let definition = try? ScheduleDefinition(value: schedule, timeZone: zone) else {
            return params
        }
        if let last = definition.previousSessionTime(before: sessionTime) {
            params["last_session_time"] = .string(ZonedTime(last, zone).isoOffset)
        }
        params["next_session_time"] = .string(ZonedTime(definition.nextSessionTime(after: sessionTime), zone).isoOffset)
        if let lastExecutedSessionTime {
            params["last_executed_session_time"] = .string(ZonedTime(lastExecutedSessionTime, zone).isoOffset)
        }
        return params
    }
}
