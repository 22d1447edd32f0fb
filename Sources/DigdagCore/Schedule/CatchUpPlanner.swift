import Foundation

/// Decides, one scheduler tick at a time, what happens to a schedule's stored next slot: the pure
/// heart of "no catch-up storms". The schedule executor calls ``decide(next:now:attemptRunning:)``,
/// carries out the action, stores the new next slot, and asks again (at once after a start or a
/// skip, at `until` after a wait).
///
/// Definitions:
/// * A slot is **due** when its run time is at or before now.
/// * A due slot is **missed** when now is more than ``tolerance`` (default 60 s, one tick of slack)
///   after its run time, i.e. `now - runTime > tolerance`. A slot found within the tolerance is
///   **on time**, however busy the scheduler was.
///
/// Rules, in order, for a due slot:
/// 1. `skip_delayed_by: D` and `now > runTime + D`: skip (Digdag).
/// 2. A missed slot with `catch_up: none`: skip. With `catch_up: latest`: skip when the slot after
///    it is due too, so of a run of due slots only the newest starts.
/// 3. `skip_on_overtime: true` and an attempt of the workflow is running: skip (Digdag).
/// 4. A missed slot with `catch_up: all` while an attempt of the workflow is running: wait
///    ``busyRecheckInterval`` (or until that attempt ends). Missed slots therefore start oldest
///    first, one running attempt at a time, instead of all at once as in Digdag.
/// 5. Otherwise start it. On-time slots start even while another attempt runs, as in Digdag.
public struct CatchUpPlanner: Sendable {
    /// The schedule, whose `catch_up`, `skip_delayed_by` and `skip_on_overtime` apply.
    public var definition: ScheduleDefinition
    /// How late a due slot may be found before it counts as missed.
    public var tolerance: TimeInterval
    /// How long a missed slot waits for the running attempt before the planner is asked again.
    public var busyRecheckInterval: TimeInterval

    /// The default ``tolerance``: 60 seconds.
    public static let defaultTolerance: TimeInterval = 60
    /// The default ``busyRecheckInterval``: 10 seconds.
    public static let defaultBusyRecheckInterval: TimeInterval = 10

    /// A planner for one schedule.
    public init(
        definition: ScheduleDefinition, tolerance: TimeInterval = CatchUpPlanner.defaultTolerance,
        busyRecheckInterval: TimeInterval = CatchUpPlanner.defaultBusyRecheckInterval
    ) {
        self.definition = definition
        self.tolerance = tolerance
        self.busyRecheckInterval = busyRecheckInterval
    }

    /// Whether `slot` is due and missed at `now` (see the type's definitions).
    public func isMissed(_ slot: ScheduleSlot, now: Date) -> Bool {
        now.timeIntervalSince(slot.runTime) > tolerance
    }

    /// The action for the stored next slot `next` at `now`; `attemptRunning` tells whether an
    /// attempt of the workflow has not finished yet.
    public func decide(next: ScheduleSlot, now: Date, attemptRunning: Bool) -> ScheduleTickAction {
        guard next.runTime <= now, !next.isParked else { return .wait(until: next.runTime) }
        let following = definition.nextSlot(after: next)
        if let delay = definition.skipDelayedBy, now > next.runTime.addingTimeInterval(TimeInterval(delay.seconds)) {
            return .skip(next, .delayedBy, advanceTo: following)
        }
        let missed = isMissed(next, now: now)
        if missed {
            switch definition.catchUp {
            case .none: return .skip(next, .missed, advanceTo: following)
            case .latest where following.runTime <= now && !following.isParked:
                return .skip(next, .newerSlotDue, advanceTo: following)
            case .latest, .all: break
            }
        }
        if attemptRunning && definition.skipOnOvertime {
            return .skip(next, .overtime, advanceTo: following)
        }
        if missed && definition.catchUp == .all && attemptRunning {
            return .wait(until: now.addingTimeInterval(busyRecheckInterval))
        }
        return .start(
            next, lastSessionTime: definition.previousSessionTime(before: next.sessionTime), advanceTo: following)
    }
}
