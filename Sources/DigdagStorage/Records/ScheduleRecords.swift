import DigdagCore
import Foundation

/// A schedule row joined with its workflow definition (the latest revision's).
public struct StoredSchedule: Sendable, Equatable {
    /// Schedule id (kept across revisions of the same workflow name).
    public var id: Int
    /// Project id.
    public var projectId: Int
    /// Project name.
    public var projectName: String
    /// Workflow name.
    public var workflowName: String
    /// Workflow definition id of the latest revision.
    public var workflowDefinitionId: Int64
    /// Workflow time zone id.
    public var timeZone: String
    /// The workflow definition config (its `schedule:` key holds the schedule).
    public var workflowConfig: Config
    /// Next run time, epoch seconds.
    public var nextRunTime: Int64
    /// Next session time, epoch seconds.
    public var nextScheduleTime: Int64
    /// Session time of the last slot that was started, epoch seconds.
    public var lastSessionTime: Int64?
    /// Row creation time.
    public var createdAt: Date
    /// Last update time.
    public var updatedAt: Date
    /// When the schedule was disabled (paused), if it is.
    public var disabledAt: Date?

    /// Creates a record.
    public init(
        id: Int, projectId: Int, projectName: String, workflowName: String, workflowDefinitionId: Int64,
        timeZone: String, workflowConfig: Config, nextRunTime: Int64, nextScheduleTime: Int64,
        lastSessionTime: Int64?, createdAt: Date, updatedAt: Date, disabledAt: Date?
    ) {
        self.id = id
        self.projectId = projectId
        self.projectName = projectName
        self.workflowName = workflowName
        self.workflowDefinitionId = workflowDefinitionId
        self.timeZone = timeZone
        self.workflowConfig = workflowConfig
        self.nextRunTime = nextRunTime
        self.nextScheduleTime = nextScheduleTime
        self.lastSessionTime = lastSessionTime
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.disabledAt = disabledAt
    }
}

/// The times a schedule is moved to.
public struct ScheduleTimes: Sendable, Equatable {
    /// Next run time, epoch seconds.
    public var nextRunTime: Int64
    /// Next session time, epoch seconds.
    public var nextScheduleTime: Int64
    /// Last started session time (nil clears it).
    public var lastSessionTime: Int64?

    /// Creates a value.
    public init(nextRunTime: Int64, nextScheduleTime: Int64, lastSessionTime: Int64?) {
        self.nextRunTime = nextRunTime
        self.nextScheduleTime = nextScheduleTime
        self.lastSessionTime = lastSessionTime
    }
}
