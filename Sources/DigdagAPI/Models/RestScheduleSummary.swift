import DigdagCore
import Foundation

/// A schedule after an update (`RestScheduleSummary`: skip, enable, disable).
public struct RestScheduleSummary: JSONEncodableModel, Equatable {
    /// The schedule's fields.
    public var schedule: RestSchedule
    /// Creation time.
    public var createdAt: Date
    /// Update time (Digdag's server fills it with the creation time).
    public var updatedAt: Date

    /// Creates a model.
    public init(schedule: RestSchedule, createdAt: Date, updatedAt: Date) {
        self.schedule = schedule
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public func writeFields(to b: inout some JSONObjectWriter) {
        b.id("id", schedule.id)
        b.model("project", schedule.project)
        b.model("workflow", schedule.workflow)
        b.instant("nextRunTime", schedule.nextRunTime)
        b.string(
            "nextScheduleTime",
            APITime.offsetDateTime(
                epochSeconds: schedule.nextScheduleTime, zone: ZoneNames.zone(schedule.timezone) ?? .gmt))
        b.instant("createdAt", createdAt)
        b.instant("updatedAt", updatedAt)
        b.instant("disabledAt", schedule.disabledAt)
    }

    /// Reads one from JSON.
    public init(reader r: JSONObjectReader) throws(APIDecodingError) {
        self.init(
            schedule: try RestSchedule(reader: r), createdAt: try r.instant("createdAt"),
            updatedAt: try r.instant("updatedAt"))
    }
}
