/// The two session-time truncations of `GET /api/workflows/{id}/truncated_session_time` that need
/// a schedule.
public enum ScheduleTruncationMode: String, Sendable, CaseIterable {
    /// The session time of the first slot whose run time is at or after the time.
    case schedule
    /// The session time of the slot after the time.
    case nextSchedule = "next_schedule"
}
