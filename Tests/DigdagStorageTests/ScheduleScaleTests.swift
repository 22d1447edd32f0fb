import DigdagCore
import DigdagPostgres
import DigdagSQLite
import DigdagStorage
import Foundation
import Testing

@Suite("ScheduleStore at scale")
struct ScheduleScaleTests {
    /// 10,000 schedules, one in a hundred disabled: the idle scheduler's queries read the partial index.
    @Test(arguments: Backend.allCases)
    func tenThousandIdleSchedulesAreReadThroughTheIndex(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let count = 10_000
            let base: Int64 = 2_000_000_000
            let names = (0..<count).map { "wf\($0)" }
            var revision = NewRevision(
                projectName: "many", revisionName: "r1", archive: Data(), archiveMD5: Data(repeating: 0, count: 16),
                workflows: names.map { NewWorkflow(name: $0, timeZone: "UTC", config: ["schedule": ["daily>": "07:00:00"]]) },
                createdAt: Fixtures.time())
            // Run times descend with the workflow index, so id order and time order differ.
            for (index, name) in names.enumerated() {
                let run = base + Int64(count - index) * 60
                revision.schedules[name] = ScheduleTimes(nextRunTime: run, nextScheduleTime: run, lastSessionTime: nil)
            }
            _ = try await store.putRevision(revision)
            let all = try await store.schedules(afterId: nil, limit: count, projectId: nil, workflowName: nil)
            #expect(all.map(\.workflowName) == names)
            #expect(all.last?.nextRunTime == base + 60)
            for schedule in all.reversed().enumerated() where schedule.offset % 100 == 0 {
                _ = try await store.setScheduleDisabled(id: schedule.element.id, at: Fixtures.time(1), now: Fixtures.time(1))
            }
            // wf9999, the earliest, is disabled: wf9998 at base + 120 is next.
            #expect(try await store.earliestRunTime() == base + 120)
            #expect(try await store.dueSchedules(now: base, limit: 100).isEmpty)
            let due = try await store.dueSchedules(now: base + 300, limit: 100)
            #expect(due.map(\.workflowName) == ["wf9998", "wf9997", "wf9996", "wf9995"])

            let plans = try await Self.plans(store, now: base)
            // Both queries (earliest, due) read the partial index.
            #expect(plans.filter { $0.contains("schedules_enabled_on_next_run_time") }.count >= 2, "\(plans)")
            #expect(!plans.contains { $0.hasPrefix("SCAN sc") && !$0.contains("INDEX") }, "\(plans)")
            #expect(!plans.contains { $0.contains("Seq Scan on schedules") }, "\(plans)")

            // Idle polls stay cheap (a generous bound: a few indexed reads each).
            let clock = ContinuousClock()
            let elapsed = try await clock.measure {
                for _ in 0..<100 {
                    _ = try await store.earliestRunTime()
                    _ = try await store.dueSchedules(now: base, limit: 100)
                }
            }
            #expect(elapsed < .seconds(5), "200 idle scheduler queries took \(elapsed)")
        }
    }

    private static func plans(_ store: any DigdagStorage, now: Int64) async throws -> [String] {
        if let sqlite = store as? SQLiteStorage { return try await sqlite.schedulerQueryPlans(now: now) }
        if let postgres = store as? PostgresStorage { return try await postgres.schedulerQueryPlans(now: now) }
        throw FixtureError("unknown store \(type(of: store))")
    }
}
