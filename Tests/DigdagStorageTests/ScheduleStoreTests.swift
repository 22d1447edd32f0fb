import DigdagCore
import DigdagStorage
import Foundation
import Testing

@Suite("ScheduleStore conformance")
struct ScheduleStoreTests {
    /// Times with `next_schedule_time` 10 s before the run time.
    private static func times(_ run: Int64, last: Int64? = nil) -> ScheduleTimes {
        ScheduleTimes(nextRunTime: run, nextScheduleTime: run - 10, lastSessionTime: last)
    }

    /// Pushes revision `name` of `project` with `workflows`, scheduling those in `schedules`.
    @discardableResult
    private static func push(
        _ store: any DigdagStorage, _ project: String, _ name: String, workflows: [String],
        schedules: [String: ScheduleTimes], at seconds: Double = 0
    ) async throws -> (StoredProject, [String: StoredWorkflow]) {
        var revision = Fixtures.revision(project, name, workflows: workflows, at: seconds)
        revision.schedules = schedules
        let stored = try await store.putRevision(revision)
        let definitions = try await store.workflows(revisionId: try #require(stored.latestRevision).id)
        return (stored, Dictionary(uniqueKeysWithValues: definitions.map { ($0.name, $0) }))
    }

    private static func all(_ store: any DigdagStorage) async throws -> [StoredSchedule] {
        try await store.schedules(afterId: nil, limit: 1000, projectId: nil, workflowName: nil)
    }

    @Test(arguments: Backend.allCases)
    func pushCreatesKeepsRepointsAndDeletesSchedules(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let (project, r1) = try await Self.push(
                store, "proj", "r1", workflows: ["a", "b", "c"], schedules: ["b": Self.times(200), "a": Self.times(100)])
            let created = try await Self.all(store)
            #expect(created.map(\.workflowName) == ["a", "b"])
            let a = created[0]
            #expect(a.projectId == project.id)
            #expect(a.projectName == "proj")
            #expect(a.workflowDefinitionId == r1["a"]?.id)
            #expect(a.timeZone == "Asia/Tokyo")
            #expect(a.workflowConfig == r1["a"]?.config)
            #expect(a.nextRunTime == 100)
            #expect(a.nextScheduleTime == 90)
            #expect(a.lastSessionTime == nil)
            #expect(a.createdAt == Fixtures.time(0))
            #expect(a.updatedAt == Fixtures.time(0))
            #expect(a.disabledAt == nil)
            #expect(try await store.schedule(id: a.id) == a)
            _ = try await store.setScheduleDisabled(id: a.id, at: Fixtures.time(5), now: Fixtures.time(5))

            // Second push: `a` keeps its id and disabled_at and moves to r2; `b` lost its schedule; `c` is new.
            let (_, r2) = try await Self.push(
                store, "proj", "r2", workflows: ["c", "a", "b"],
                schedules: ["a": Self.times(300, last: 90), "c": Self.times(400)], at: 10)
            let second = try await Self.all(store)
            #expect(second.map(\.workflowName) == ["a", "c"])
            let a2 = second[0]
            #expect(a2.id == a.id)
            #expect(a2.workflowDefinitionId == r2["a"]?.id)
            #expect(a2.workflowDefinitionId != a.workflowDefinitionId)
            #expect(a2.nextRunTime == 300)
            #expect(a2.nextScheduleTime == 290)
            #expect(a2.lastSessionTime == 90)
            #expect(a2.createdAt == Fixtures.time(0))
            #expect(a2.updatedAt == Fixtures.time(10))
            #expect(a2.disabledAt == Fixtures.time(5))
            let c = second[1]
            #expect(c.id > created[1].id)
            #expect(c.workflowDefinitionId == r2["c"]?.id)
            #expect(c.createdAt == Fixtures.time(10))
            #expect(c.disabledAt == nil)
            #expect(try await store.schedule(id: created[1].id) == nil)

            // A schedule set back to nil last_session_time; an unscheduled push drops every row.
            _ = try await Self.push(store, "proj", "r3", workflows: ["a"], schedules: ["a": Self.times(500)], at: 20)
            let third = try await Self.all(store)
            #expect(third.map(\.id) == [a.id])
            #expect(third.first?.lastSessionTime == nil)
            _ = try await Self.push(store, "proj", "r4", workflows: ["a"], schedules: [:], at: 30)
            #expect(try await Self.all(store).isEmpty)
            _ = try await Self.push(store, "proj", "r5", workflows: ["a"], schedules: ["a": Self.times(600)], at: 40)
            let fresh = try await Self.all(store)
            #expect(fresh.count == 1)
            #expect(fresh.first.map { $0.id > c.id } == true)  // ids are never reused
            #expect(fresh.first?.createdAt == Fixtures.time(40))
            #expect(fresh.first?.disabledAt == nil)
        }
    }

    @Test(arguments: Backend.allCases)
    func scheduleOfAMissingWorkflowFailsThePush(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let (project, _) = try await Self.push(store, "proj", "r1", workflows: ["a"], schedules: ["a": Self.times(100)])
            let error = await #expect(throws: StoreError.self) {
                try await Self.push(store, "proj", "r2", workflows: ["a"], schedules: ["zzz": Self.times(100)])
            }
            #expect(error?.code == .notFound)
            #expect(try await store.revisions(projectId: project.id, limit: 10).map(\.name) == ["r1"])
            #expect(try await Self.all(store).map(\.workflowName) == ["a"])
        }
    }

    @Test(arguments: Backend.allCases)
    func listingsFilterAndPage(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let (one, _) = try await Self.push(
                store, "one", "r1", workflows: ["a", "b", "x"], schedules: ["a": Self.times(100), "b": Self.times(100)])
            let (two, _) = try await Self.push(store, "two", "r1", workflows: ["a"], schedules: ["a": Self.times(100)])
            let all = try await Self.all(store)
            #expect(all.map { "\($0.projectName)/\($0.workflowName)" } == ["one/a", "one/b", "two/a"])
            #expect(all.map(\.id) == all.map(\.id).sorted())
            func list(after: Int? = nil, limit: Int = 100, project: Int? = nil, workflow: String? = nil)
                async throws -> [Int]
            {
                try await store.schedules(afterId: after, limit: limit, projectId: project, workflowName: workflow)
                    .map(\.id)
            }
            #expect(try await list(limit: 2) == [all[0].id, all[1].id])
            #expect(try await list(after: all[0].id) == [all[1].id, all[2].id])
            #expect(try await list(after: all[0].id, limit: 1) == [all[1].id])
            #expect(try await list(after: all[2].id) == [])
            #expect(try await list(project: one.id) == [all[0].id, all[1].id])
            #expect(try await list(project: two.id) == [all[2].id])
            #expect(try await list(workflow: "a") == [all[0].id, all[2].id])
            #expect(try await list(project: one.id, workflow: "b") == [all[1].id])
            #expect(try await list(project: two.id, workflow: "b") == [])
            #expect(try await list(workflow: "x") == [])
            #expect(try await store.schedule(id: all[2].id) == all[2])
            #expect(try await store.schedule(id: 999_999) == nil)
        }
    }

    @Test(arguments: Backend.allCases)
    func dueAndEarliestSkipDisabledSchedules(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            #expect(try await store.earliestRunTime() == nil)
            #expect(try await store.dueSchedules(now: Int64.max, limit: 10).isEmpty)
            _ = try await Self.push(
                store, "one", "r1", workflows: ["a", "b", "c"],
                schedules: ["a": Self.times(300), "b": Self.times(100), "c": Self.times(200)])
            _ = try await Self.push(store, "two", "r1", workflows: ["a"], schedules: ["a": Self.times(100)])
            let byName = Dictionary(uniqueKeysWithValues: try await Self.all(store).map {
                ("\($0.projectName)/\($0.workflowName)", $0)
            })
            func due(_ now: Int64, limit: Int = 10) async throws -> [String] {
                try await store.dueSchedules(now: now, limit: limit).map { "\($0.projectName)/\($0.workflowName)" }
            }
            #expect(try await store.earliestRunTime() == 100)
            #expect(try await due(99) == [])
            #expect(try await due(100) == ["one/b", "two/a"])
            #expect(try await due(250) == ["one/b", "two/a", "one/c"])
            #expect(try await due(1000) == ["one/b", "two/a", "one/c", "one/a"])
            #expect(try await due(1000, limit: 2) == ["one/b", "two/a"])

            _ = try await store.setScheduleDisabled(id: try #require(byName["one/b"]).id, at: Fixtures.time(1), now: Fixtures.time(1))
            #expect(try await store.earliestRunTime() == 100)
            #expect(try await due(1000) == ["two/a", "one/c", "one/a"])
            _ = try await store.setScheduleDisabled(id: try #require(byName["two/a"]).id, at: Fixtures.time(1), now: Fixtures.time(1))
            #expect(try await store.earliestRunTime() == 200)
            #expect(try await due(199) == [])
            #expect(try await due(1000) == ["one/c", "one/a"])
            for name in ["one/a", "one/c"] {
                _ = try await store.setScheduleDisabled(id: try #require(byName[name]).id, at: Fixtures.time(1), now: Fixtures.time(1))
            }
            #expect(try await store.earliestRunTime() == nil)
            #expect(try await due(Int64.max) == [])
            // Disabled rows are still listed.
            #expect(try await Self.all(store).count == 4)
        }
    }

    @Test(arguments: Backend.allCases)
    func advanceIsACompareAndSetOnTheScheduleTime(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            _ = try await Self.push(store, "proj", "r1", workflows: ["a"], schedules: ["a": Self.times(100)])
            let before = try #require(try await Self.all(store).first)
            let next = Self.times(3700, last: 90)
            #expect(try await store.advanceSchedule(id: before.id, expectedScheduleTime: 90, to: next, now: Fixtures.time(7)))
            let after = try #require(try await store.schedule(id: before.id))
            #expect(after.nextRunTime == 3700)
            #expect(after.nextScheduleTime == 3690)
            #expect(after.lastSessionTime == 90)
            #expect(after.updatedAt == Fixtures.time(7))
            #expect(after.createdAt == before.createdAt)

            // Another server that read the old row loses.
            let lost = try await store.advanceSchedule(
                id: before.id, expectedScheduleTime: 90, to: Self.times(7300, last: 90), now: Fixtures.time(8))
            #expect(lost == false)
            #expect(try await store.schedule(id: before.id) == after)
            #expect(try await store.advanceSchedule(id: 999_999, expectedScheduleTime: 90, to: next, now: Fixtures.time(8)) == false)

            // A nil last session time clears it.
            #expect(
                try await store.advanceSchedule(
                    id: before.id, expectedScheduleTime: 3690, to: Self.times(50), now: Fixtures.time(9)))
            let moved = try #require(try await store.schedule(id: before.id))
            #expect(moved.lastSessionTime == nil)
            #expect(moved.nextRunTime == 50)
            #expect(try await store.earliestRunTime() == 50)
        }
    }

    @Test(arguments: Backend.allCases)
    func disableAndEnable(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            _ = try await Self.push(store, "proj", "r1", workflows: ["a"], schedules: ["a": Self.times(100)])
            let schedule = try #require(try await Self.all(store).first)
            let disabled = try #require(
                try await store.setScheduleDisabled(id: schedule.id, at: Fixtures.time(5), now: Fixtures.time(6)))
            #expect(disabled.disabledAt == Fixtures.time(5))
            #expect(disabled.updatedAt == Fixtures.time(6))
            #expect(disabled.nextRunTime == 100)
            #expect(try await store.schedule(id: schedule.id) == disabled)
            #expect(try await store.dueSchedules(now: 1000, limit: 10).isEmpty)

            let enabled = try #require(try await store.setScheduleDisabled(id: schedule.id, at: nil, now: Fixtures.time(9)))
            #expect(enabled.disabledAt == nil)
            #expect(enabled.updatedAt == Fixtures.time(9))
            #expect(try await store.dueSchedules(now: 1000, limit: 10) == [enabled])
            #expect(try await store.setScheduleDisabled(id: 999_999, at: Fixtures.time(1), now: Fixtures.time(1)) == nil)
        }
    }

    @Test(arguments: Backend.allCases)
    func runningAttemptsOfAWorkflow(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let (project, workflow) = try await Fixtures.project(store, workflows: ["wf", "other"])
            let (otherProject, _) = try await Fixtures.project(store, "second")
            #expect(try await store.hasRunningAttempt(projectId: project.id, workflowName: "wf") == false)
            let attempt = try Fixtures.created(
                try await store.createAttempt(Fixtures.attempt(projectId: project.id, definitionId: workflow.id)))
            #expect(try await store.hasRunningAttempt(projectId: project.id, workflowName: "wf"))
            #expect(try await store.hasRunningAttempt(projectId: project.id, workflowName: "other") == false)
            #expect(try await store.hasRunningAttempt(projectId: otherProject.id, workflowName: "wf") == false)

            try await store.saveTasks(
                attemptId: attempt.id, changed: [], finish: AttemptFinish(success: true, finishedAt: Fixtures.time(3)))
            #expect(try await store.hasRunningAttempt(projectId: project.id, workflowName: "wf") == false)
            // A retry of the same session runs again.
            let retry = try Fixtures.created(
                try await store.createAttempt(
                    Fixtures.attempt(projectId: project.id, definitionId: workflow.id, name: "retry")))
            #expect(try await store.hasRunningAttempt(projectId: project.id, workflowName: "wf"))
            try await store.saveTasks(
                attemptId: retry.id, changed: [], finish: AttemptFinish(success: false, finishedAt: Fixtures.time(4)))
            #expect(try await store.hasRunningAttempt(projectId: project.id, workflowName: "wf") == false)
        }
    }

    @Test(arguments: Backend.allCases)
    func schedulesOfDeletedProjectsDisappear(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let (project, _) = try await Self.push(
                store, "proj", "r1", workflows: ["a", "b"], schedules: ["a": Self.times(100), "b": Self.times(200)])
            let (kept, _) = try await Self.push(store, "kept", "r1", workflows: ["a"], schedules: ["a": Self.times(300)])
            let old = try await store.schedules(afterId: nil, limit: 10, projectId: project.id, workflowName: nil)
            #expect(old.count == 2)
            _ = try await store.setScheduleDisabled(id: old[0].id, at: Fixtures.time(1), now: Fixtures.time(1))
            _ = try await store.deleteProject(id: project.id, now: Fixtures.time(2))

            #expect(try await Self.all(store).map(\.projectId) == [kept.id])
            #expect(try await store.schedule(id: old[0].id) == nil)
            #expect(try await store.schedules(afterId: nil, limit: 10, projectId: project.id, workflowName: nil).isEmpty)
            #expect(try await store.dueSchedules(now: 1000, limit: 10).map(\.projectId) == [kept.id])
            #expect(try await store.earliestRunTime() == 300)

            // The name makes a new project whose schedules start fresh.
            let (reborn, _) = try await Self.push(
                store, "proj", "r1", workflows: ["a"], schedules: ["a": Self.times(50)], at: 5)
            #expect(reborn.id != project.id)
            let fresh = try await store.schedules(afterId: nil, limit: 10, projectId: reborn.id, workflowName: nil)
            #expect(fresh.count == 1)
            #expect(fresh.first.map { !old.map(\.id).contains($0.id) } == true)
            #expect(fresh.first?.disabledAt == nil)
            #expect(fresh.first?.createdAt == Fixtures.time(5))
            #expect(try await store.earliestRunTime() == 50)
        }
    }
}
