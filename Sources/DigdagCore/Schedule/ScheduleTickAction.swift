import Foundation

/// What the scheduler does with one schedule on one tick, as decided by ``CatchUpPlanner``.
public enum ScheduleTickAction: Sendable, Equatable {
    /// Nothing to do before `until`: the stored slot is not due yet, or it is a missed slot that
    /// waits for the workflow's running attempt (ask again then, or as soon as that attempt ends).
    case wait(until: Date)
    /// Start an attempt for `slot` with `last_session_time` = `lastSessionTime` (nil when the
    /// pattern has none) and `next_session_time` = `advanceTo.sessionTime`; then store `advanceTo`
    /// as the next slot and `slot.sessionTime` as the schedule's last session time.
    case start(ScheduleSlot, lastSessionTime: Date?, advanceTo: ScheduleSlot)
    /// Create no session for `slot`; store `advanceTo` as the next slot.
    case skip(ScheduleSlot, ScheduleSkipReason, advanceTo: ScheduleSlot)
}
