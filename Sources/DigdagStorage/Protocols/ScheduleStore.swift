import Foundation

/// Schedules of the latest revision of each project.
///
/// `putRevision` maintains them: `NewRevision.schedules` gives the times of every scheduled
/// workflow of the new revision (matched by workflow name: an existing row keeps its id and
/// `disabled_at`, its definition id is repointed); rows of workflows not in it are deleted.
public protocol ScheduleStore: Sendable {
    /// Schedules by id (`id > afterId`), optionally of one project and workflow name.
    func schedules(afterId: Int?, limit: Int, projectId: Int?, workflowName: String?) async throws(StoreError)
        -> [StoredSchedule]

    /// One schedule, nil if missing (or its project is deleted).
    func schedule(id: Int) async throws(StoreError) -> StoredSchedule?

    /// Enabled schedules whose `next_run_time <= now`, earliest first.
    func dueSchedules(now: Int64, limit: Int) async throws(StoreError) -> [StoredSchedule]

    /// The earliest `next_run_time` among enabled schedules, nil when there are none.
    func earliestRunTime() async throws(StoreError) -> Int64?

    /// Moves a schedule to `times` only if its `next_schedule_time` still is `expected`
    /// (so that one server of a cluster wins each slot); false when someone else moved it.
    func advanceSchedule(id: Int, expectedScheduleTime: Int64, to times: ScheduleTimes, now: Date)
        async throws(StoreError) -> Bool

    /// Sets (`Date`) or clears (nil) `disabled_at`; returns the updated row.
    func setScheduleDisabled(id: Int, at: Date?, now: Date) async throws(StoreError) -> StoredSchedule?

    /// Whether any attempt of the workflow (project + name) is not done.
    func hasRunningAttempt(projectId: Int, workflowName: String) async throws(StoreError) -> Bool
}
