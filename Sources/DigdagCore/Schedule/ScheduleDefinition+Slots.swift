import Foundation

extension ScheduleDefinition {
    /// The first slot whose run time is at or after `time` (`Scheduler.getFirstScheduleTime`),
    /// honouring `start` and `end`; the parked slot when the schedule has ended.
    ///
    /// `time` counts in whole seconds: a fractional time is rounded up. For `seconds_interval>`,
    /// as in Digdag, it is the first slot whose *session* time is at or after `time`.
    public func firstSlot(atOrAfterRunTime time: Date) -> ScheduleSlot {
        let exact = time.timeIntervalSince1970
        var seconds = Int(exact.rounded(.down))
        switch rule {
        case .cron:
            if Double(seconds) == exact { seconds -= 1 }
            return slot(afterSessionEpoch: seconds - Int(delaySeconds))
        case .secondsInterval:
            return slot(afterSessionEpoch: Int(exact.rounded(.up)) - 1)
        }
    }

    /// The slot after `slot` (`Scheduler.nextScheduleTime` of its session time).
    public func nextSlot(after slot: ScheduleSlot) -> ScheduleSlot {
        self.slot(afterSessionTime: slot.sessionTime)
    }

    /// The first slot whose session time is after `time`, honouring `start` and `end`: the slot to
    /// continue with after `time` ran (e.g. from a stored `last_session_time` after a push).
    ///
    /// A slot whose run time is before `start` is replaced by the first slot whose session time
    /// is at or after `start`; a slot whose run time is at or after `end` gives the parked slot.
    public func slot(afterSessionTime time: Date) -> ScheduleSlot {
        slot(afterSessionEpoch: Int(time.timeIntervalSince1970.rounded(.down)))
    }

    /// The latest schedule-aligned session time strictly before `sessionTime`, ignoring `start` and
    /// `end` (`last_session_time`); nil when there is none.
    public func previousSessionTime(before sessionTime: Date) -> Date? {
        let bound = Int(sessionTime.timeIntervalSince1970.rounded(.up))
        switch rule {
        case .cron(let pattern):
            return pattern.previous(before: bound, in: timeZone).map(Self.date)
        case .secondsInterval(let interval):
            let last = bound - 1
            return Self.date(last - ((last % interval) + interval) % interval)
        }
    }

    /// The session time of the slot after `sessionTime` (`next_session_time`); with `end`, this
    /// can be the parked time 9999-01-01T00:00:00Z, as in Digdag.
    public func nextSessionTime(after sessionTime: Date) -> Date {
        slot(afterSessionTime: sessionTime).sessionTime
    }

    /// The `schedule` and `next_schedule` modes of `truncated_session_time`.
    public func truncatedSessionTime(mode: ScheduleTruncationMode, time: Date) -> Date {
        switch mode {
        case .schedule: firstSlot(atOrAfterRunTime: time).sessionTime
        case .nextSchedule: nextSessionTime(after: time)
        }
    }

    /// `reschedule --skip N`: the first slot from `now`, advanced `count` more slots.
    ///
    /// The caller refuses the result (409 `Specified time to skip schedules is already past`)
    /// unless its session time is after the schedule's current next session time.
    public func skip(from now: Date, count: Int) -> ScheduleSlot {
        var slot = firstSlot(atOrAfterRunTime: now)
        for _ in 0..<max(0, count) where !slot.isParked {
            slot = nextSlot(after: slot)
        }
        return slot
    }

    /// `reschedule --skip-to TIME`: the first slot whose run time is at or after `time`.
    ///
    /// The caller applies the same 409 rule as for ``skip(from:count:)``.
    public func skip(toRunTimeAtOrAfter time: Date) -> ScheduleSlot {
        firstSlot(atOrAfterRunTime: time)
    }

    /// The slots a backfill creates: from the first slot whose run time is at or after `from`, up
    /// to but excluding the session time `nextScheduleTime` (the schedule's current next slot),
    /// at most `count` of them when given.
    ///
    /// Errors (as ``ConfigError``, a bad request): `count is set to N but there are only M attempts
    /// until the next schedule time` when fewer than `count` slots exist; and, beyond Digdag, more
    /// than `limit` slots without a `count`.
    public func backfillSlots(
        from: Date, before nextScheduleTime: Date, count: Int?, limit: Int = 100_000
    ) throws(ConfigError) -> [ScheduleSlot] {
        var slots: [ScheduleSlot] = []
        var slot = firstSlot(atOrAfterRunTime: from)
        while slot.sessionTime < nextScheduleTime, !slot.isParked {
            if let count, slots.count >= count { break }
            if slots.count >= limit {
                throw ConfigError(
                    "There are more than \(limit) sessions until the next schedule time; set a count to backfill fewer")
            }
            slots.append(slot)
            slot = nextSlot(after: slot)
        }
        if let count, slots.count < count {
            throw ConfigError(
                "count is set to \(count) but there are only \(slots.count) attempts until the next schedule time")
        }
        return slots
    }

    /// `CronScheduler.nextScheduleTime`: the next base time after `epoch`, adjusted to `start` and
    /// `end`.
    private func slot(afterSessionEpoch epoch: Int) -> ScheduleSlot {
        guard var session = baseNext(after: epoch) else { return .parked }
        if let start, Double(session) + Double(delaySeconds) < start.timeIntervalSince1970 {
            guard let first = baseNext(after: Int(start.timeIntervalSince1970.rounded(.down)) - 1) else { return .parked }
            session = first
        }
        let run = Self.date(session + Int(delaySeconds))
        if let end, run >= end { return .parked }
        let slot = ScheduleSlot(sessionTime: Self.date(session), runTime: run)
        return slot.isParked ? .parked : slot
    }

    /// The first base time (pattern match or interval multiple) after `epoch`.
    private func baseNext(after epoch: Int) -> Int? {
        switch rule {
        case .cron(let pattern):
            return pattern.next(after: epoch, in: timeZone)
        case .secondsInterval(let interval):
            return epoch - ((epoch % interval) + interval) % interval + interval
        }
    }

    private static func date(_ epoch: Int) -> Date {
        Date(timeIntervalSince1970: Double(epoch))
    }
}
