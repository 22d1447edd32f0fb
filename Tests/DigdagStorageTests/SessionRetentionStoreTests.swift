import DigdagCore
import DigdagStorage
import Foundation
import Testing

/// `deleteSessions(endedBefore:limit:)` on every store: only sessions whose every attempt ended
/// before the cutoff go, with their attempts, tasks and logs; running sessions and sessions a
/// waiting backfill slot depends on stay.
@Suite("Session retention")
struct SessionRetentionStoreTests {
    /// A session at `hour` with one attempt, finished at `endedAt` seconds when given.
    static func session(
        _ store: any DigdagStorage, project: Int, definition: Int64, hour: Int64, endedAt: Double?,
        waitsFor: Int64? = nil
    ) async throws -> StoredAttempt {
        var new = Fixtures.attempt(projectId: project, definitionId: definition, sessionTime: 1_700_000_000 + hour * 3600)
        new.waitsForSessionId = waitsFor
        let attempt = try Fixtures.created(try await store.createAttempt(new))
        try await store.putLogFile(
            StoredLogFile(
                attemptId: attempt.id, taskName: "+wf+t0", fileName: "log-\(attempt.id).log.gz",
                fileTime: Fixtures.time(), agentId: "test", size: 3),
            data: Data([1, 2, 3]))
        if let endedAt {
            try await store.saveTasks(
                attemptId: attempt.id, changed: [], finish: AttemptFinish(success: true, finishedAt: Fixtures.time(endedAt)),
                lease: nil)
        }
        return attempt
    }

    @Test(arguments: Backend.allCases)
    func onlySessionsThatEndedBeforeTheCutoffGo(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let (project, workflow) = try await Fixtures.project(store)
            func make(_ hour: Int64, _ endedAt: Double?, waitsFor: Int64? = nil) async throws -> StoredAttempt {
                try await Self.session(
                    store, project: project.id, definition: workflow.id, hour: hour, endedAt: endedAt, waitsFor: waitsFor)
            }
            let old = try await make(0, 10)
            let older = try await make(1, 5)
            let running = try await make(2, nil)
            let recent = try await make(3, 500)
            let depended = try await make(4, 10)
            _ = try await make(5, nil, waitsFor: depended.sessionId)
            let retried = try await make(6, 10)
            var retry = Fixtures.attempt(
                projectId: project.id, definitionId: workflow.id, sessionTime: 1_700_000_000 + 6 * 3600, name: "retry1")
            retry.tasks = Fixtures.tasks()
            let second = try Fixtures.created(try await store.createAttempt(retry))

            #expect(try await store.deleteSessions(endedBefore: Fixtures.time(100), limit: 1) == 1)
            #expect(try await store.deleteSessions(endedBefore: Fixtures.time(100), limit: 10) == 1)
            #expect(try await store.deleteSessions(endedBefore: Fixtures.time(100), limit: 10) == 0)

            let left = Set(try await store.sessions(ListQuery()).map(\.id))
            #expect(!left.contains(old.sessionId) && !left.contains(older.sessionId))
            #expect(left.isSuperset(of: [running.sessionId, recent.sessionId, depended.sessionId, retried.sessionId]))
            for gone in [old, older] {
                #expect(try await store.attempt(id: gone.id) == nil)
                #expect(try await store.tasks(attemptId: gone.id).isEmpty)
                #expect(try await store.logFiles(attemptId: gone.id, taskPrefix: nil).isEmpty)
                #expect(try await store.session(id: gone.sessionId) == nil)
            }
            #expect(try await store.tasks(attemptId: running.id).count == 3)
            #expect(try await store.logFiles(attemptId: recent.id, taskPrefix: nil).count == 1)

            // The retried session goes once its newest attempt ended too.
            try await store.saveTasks(
                attemptId: second.id, changed: [], finish: AttemptFinish(success: true, finishedAt: Fixtures.time(20)),
                lease: nil)
            #expect(try await store.deleteSessions(endedBefore: Fixtures.time(100), limit: 10) == 1)
            #expect(try await store.attempt(id: retried.id) == nil)
            #expect(try await store.attempt(id: second.id) == nil)
        }
    }
}
