import DigdagCore
import Foundation

/// A workflow schedule (`RestSchedule`).
public struct RestSchedule: JSONEncodableModel, Equatable {
    /// Schedule id.
    public var id: Int64
    /// Project.
    public var project: IdAndName
    /// Workflow (definition id of the latest revision).
    public var workflow: IdAndName
    /// When the next session is due to run.
    public var nextRunTime: Date
    /// The next session time, epoch seconds.
    public var nextScheduleTime: Int64
    /// Zone id used to render ``nextScheduleTime`` (the workflow's zone, or an offset id).
    public var timezone: String
    /// When the schedule was disabled, if it is.
    public var disabledAt: Date?
    /// Slots whose run time has passed and that wait to run or be skipped (beyond Digdag; sent
    /// only when not zero, so Digdag's clients see the fields they know).
    public var pendingSlots: Int = 0

    /// Creates a model.
    public init(
        id: Int64, project: IdAndName, workflow: IdAndName, nextRunTime: Date, nextScheduleTime: Int64,
        timezone: String, disabledAt: Date?
    ) {
        self.id = id
        self.project = project
        self.workflow = workflow
        self.nextRunTime = nextRunTime
        self.nextScheduleTime = nextScheduleTime
        self.timezone = timezone
        self.disabledAt = disabledAt
    }

    public func writeFields(to b: inout some JSONObjectWriter) {
        b.id("id", id)
        b.model("project", project)
        b.model("workflow", workflow)
        b.instant("nextRunTime", nextRunTime)
        b.string(
            "nextScheduleTime",
            APITime.offsetDateTime(epochSeconds: nextScheduleTime, zone: ZoneNames.zone(timezone) ?? .gmt))
        b.instant("disabledAt", disabledAt)
        if pendingSlots > 0 { b.int("pendingSlots", pendingSlots) }
    }

    /// Reads one from JSON.
    public init(reader r: JSONObjectReader) throws(APIDecodingError) {
        let next = try r.offsetDateTime("nextScheduleTime")
        self.init(
            id: try r.id("id"), project: try IdAndName(reader: r.requiredNested("project")),
            workflow: try IdAndName(reader: r.requiredNested("workflow")), nextRunTime: try r.instant("nextRunTime"),
            nextScheduleTime: next.epochSeconds, timezone: next.zoneId, disabledAt: try r.optionalInstant("disabledAt"))
        pendingSlots = r.optionalInt("pendingSlots") ?? 0
    }
}
