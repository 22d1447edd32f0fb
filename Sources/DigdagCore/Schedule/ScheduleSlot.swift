import Foundation

/// One occurrence of a schedule: the session it creates and when it is started.
public struct ScheduleSlot: Sendable, Hashable, CustomStringConvertible {
    /// The session time (`session_time` of the attempt).
    public var sessionTime: Date
    /// When the scheduler starts the attempt: the session time plus the schedule's delay.
    public var runTime: Date

    /// A slot with both times.
    public init(sessionTime: Date, runTime: Date) {
        self.sessionTime = sessionTime
        self.runTime = runTime
    }

    /// The slot a finished schedule is parked at: both times 9999-01-01T00:00:00Z.
    public static let parked = ScheduleSlot(sessionTime: ScheduleDefinition.scheduleEnd, runTime: ScheduleDefinition.scheduleEnd)

    /// Whether this is the parked slot (or later): the schedule has passed its `end`.
    public var isParked: Bool { sessionTime >= ScheduleDefinition.scheduleEnd }

    /// The two times as instants, for logs and test failures.
    public var description: String {
        "ScheduleSlot(session: \(ZonedTime.instantText(sessionTime)), run: \(ZonedTime.instantText(runTime)))"
    }
}
