import Foundation

/// Digdag's built-in variables (`session_time`, `session_date`, `task_name`, ...), in its key order.
public enum BuiltInParams {
    /// The built-ins for one task. `config` is the task's request params, which may hold
    /// `last_session_time`, `next_session_time` and `last_executed_session_time`.
    public static func make(
        timeZoneName: String, zone: TimeZone, sessionUUID: String, sessionTime: Date, sessionId: Int64,
        projectId: Int64, retryAttemptName: String?, attemptId: Int64, taskName: String, config: Config
    ) -> Config {
        var params: Config = [:]
        params["timezone"] = .string(timeZoneName)
        params["session_uuid"] = .string(sessionUUID)
        let session = ZonedTime(sessionTime, zone)
        params["session_time"] = .string(session.isoOffset)
        params["session_id"] = .int(sessionId)
        setTimeFields(&params, prefix: "session_", time: session)
        if let last = config["last_session_time"]?.stringValue.flatMap(parseISOOffset) {
            setTimeFields(&params, prefix: "last_session_", time: ZonedTime(last, zone))
        }
        if let executed = config["last_executed_session_time"]?.stringValue.flatMap(parseISOOffset) {
            setTimeFields(&params, prefix: "last_executed_session_", time: ZonedTime(executed, zone))
        } else {
            for key in ["time", "date", "date_compact", "local_time"] { params["last_executed_session_" + key] = "" }
            params["last_executed_session_tz_offset"] = .string(ZonedTime(Date(timeIntervalSince1970: 0), zone).offsetCompact)
            params["last_executed_session_unixtime"] = ""
        }
        if let next = config["next_session_time"]?.stringValue.flatMap(parseISOOffset) {
            setTimeFields(&params, prefix: "next_session_", time: ZonedTime(next, zone))
        }
        params["project_id"] = .int(projectId)
        if let retryAttemptName { params["retry_attempt_name"] = .string(retryAttemptName) }
        params["attempt_id"] = .int(attemptId)
        params["task_name"] = .string(taskName)
        return params
    }

    private static func setTimeFields(_ params: inout Config, prefix: String, time: ZonedTime) {
        params[prefix + "date"] = .string(time.dateText)
        params[prefix + "date_compact"] = .string(time.dateCompact)
        params[prefix + "local_time"] = .string(time.localTime)
        params[prefix + "tz_offset"] = .string(time.offsetCompact)
        params[prefix + "unixtime"] = .int(time.unixTime)
    }

    /// Parses `yyyy-MM-dd'T'HH:mm:ss+HH:MM`.
    public static func parseISOOffset(_ text: String) -> Date? {
        let chars = Array(text)
        guard chars.count == 25, chars[10] == "T" else { return nil }
        func num(_ r: Range<Int>) -> Int? { Int(String(chars[r])) }
        guard let y = num(0..<4), let mo = num(5..<7), let d = num(8..<10), let h = num(11..<13),
            let mi = num(14..<16), let s = num(17..<19), let oh = num(20..<22), let om = num(23..<25)
        else { return nil }
        let sign = chars[19] == "-" ? -1 : 1
        guard let zone = TimeZone(secondsFromGMT: sign * (oh * 3600 + om * 60)) else { return nil }
        return ZonedTime.at(year: y, month: mo, day: d, hour: h, minute: mi, second: s, zone: zone)
    }
}
