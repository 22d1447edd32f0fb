import DigdagCore
import DigdagStorage
import Foundation
import Testing

/// The task queue several nodes share (PostgreSQL): publish under the attempt's lease, claim with
/// SKIP LOCKED, renew, take over expired claims, complete under the current epoch only.
@Suite struct TaskQueueStoreTests {
    @Test func embeddedDatabasesHaveNoQueue() async throws {
        try await withStore(.sqliteInMemory) { store in
            let claimed = try await store.claimQueuedTasks(
                node: "n", until: Fixtures.time(60), now: Fixtures.time(0), limit: 5, ownAttemptsOnly: false)
            #expect(!store.sharesTasks)
            #expect(claimed.isEmpty)
        }
    }

    @Test func aDrainingNodeClaimsOnlyTasksOfAttemptsItHolds() async throws {
        try await withStore(.postgresql) { store in
            let (project, workflow) = try await Fixtures.project(store)
            var attempts: [String: StoredAttempt] = [:]
            for owner in ["draining", "other"] {
                attempts[owner] = try Fixtures.created(
                    try await store.createAttempt(
                        Fixtures.attempt(
                            projectId: project.id, definitionId: workflow.id, name: owner, owner: owner,
                            leaseUntil: Fixtures.time(1000))))
                let task = NewQueuedTask(attemptId: attempts[owner]!.id, taskId: 2, payload: "{}")
                #expect(try await store.publishTasks([task], by: owner, lease: AttemptLease(owner: owner, epoch: 0)))
            }
            let own = try await store.claimQueuedTasks(
                node: "draining", until: Fixtures.time(60), now: Fixtures.time(0), limit: 5, ownAttemptsOnly: true)
            #expect(own.map(\.claim.attemptId) == [attempts["draining"]!.id])
            let rest = try await store.claimQueuedTasks(
                node: "third", until: Fixtures.time(60), now: Fixtures.time(0), limit: 5, ownAttemptsOnly: false)
            #expect(rest.map(\.claim.attemptId) == [attempts["other"]!.id])
        }
    }

    @Test func queuedTasksAreClaimedOnceFencedAndCompletedForTheirOwner() async throws {
        try await withStore(.postgresql) { store in
            #expect(store.sharesTasks)
            let (project, workflow) = try await Fixtures.project(store)
            let attempt = try Fixtures.created(
                try await store.createAttempt(
                    Fixtures.attempt(
                        projectId: project.id, definitionId: workflow.id, name: "q", owner: "owner",
                        leaseUntil: Fixtures.time(1000))))
            let lease = AttemptLease(owner: "owner", epoch: 0)
            let tasks = (2...4).map { NewQueuedTask(attemptId: attempt.id, taskId: Int64($0), payload: "{\"n\":\($0)}") }
            // Only the attempt's holder publishes.
            #expect(try await store.publishTasks(tasks, by: "stale", lease: AttemptLease(owner: "stale", epoch: 0)) == false)
            #expect(try await store.publishTasks(tasks, by: "owner", lease: lease))
            #expect(try await store.pendingQueuedTaskCount() == 3)

            let a = try await store.claimQueuedTasks(node: "a", until: Fixtures.time(60), now: Fixtures.time(0), limit: 2, ownAttemptsOnly: false)
            #expect(a.map(\.claim.taskId) == [2, 3])
            #expect(a.allSatisfy { $0.publishedBy == "owner" && $0.previousNode == nil && !$0.cancelRequested })
            let b = try await store.claimQueuedTasks(node: "b", until: Fixtures.time(60), now: Fixtures.time(0), limit: 5, ownAttemptsOnly: false)
            #expect(b.map(\.claim.taskId) == [4])
            #expect(b.first?.payload == "{\"n\":4}")

            // a renews task 2 only; task 3's claim runs out and c takes it over with a new epoch.
            #expect(
                try await store.renewTaskClaims([a[0].claim, b[0].claim], until: Fixtures.time(200)).map(\.claim)
                    .sorted { $0.taskId < $1.taskId } == [a[0].claim, b[0].claim])
            let c = try await store.claimQueuedTasks(node: "c", until: Fixtures.time(160), now: Fixtures.time(100), limit: 5, ownAttemptsOnly: false)
            #expect(c.map(\.claim.taskId) == [3])
            #expect(c.first?.previousNode == "a")
            #expect(c.first.map { $0.claim.epoch > a[1].claim.epoch } == true)
            #expect(try await store.renewTaskClaims([a[1].claim], until: Fixtures.time(300)).isEmpty)

            // The late node records nothing; the current claim does, once.
            #expect(try await store.completeQueuedTask(a[1].claim, completion: "{\"failed\":{}}") == false)
            #expect(try await store.completeQueuedTask(c[0].claim, completion: "{\"succeeded\":{}}"))
            #expect(try await store.completeQueuedTask(c[0].claim, completion: "{\"succeeded\":{}}") == false)
            #expect(try await store.completeQueuedTask(a[0].claim, completion: "{\"succeeded\":{}}"))

            // Completions go to the attempt's holder only, each once.
            #expect(try await store.takeQueuedTaskCompletions(attemptIds: [attempt.id], owner: "stale").isEmpty)
            let taken = try await store.takeQueuedTaskCompletions(attemptIds: [attempt.id], owner: "owner")
            #expect(taken.map(\.taskId).sorted() == [2, 3])
            #expect(taken.first { $0.taskId == 3 }?.completedBy == "c")
            #expect(try await store.takeQueuedTaskCompletions(attemptIds: [attempt.id], owner: "owner").isEmpty)
            #expect(try await store.pendingQueuedTaskCount() == 1)
            #expect(try await store.queuedTasks(attemptId: attempt.id).map(\.completion) == ["{\"succeeded\":{}}", "{\"succeeded\":{}}", nil])

            // Published again (a retry), a task starts over: the old claim is fenced out.
            #expect(try await store.publishTasks([tasks[2]], by: "owner", lease: lease))
            #expect(try await store.completeQueuedTask(b[0].claim, completion: "{\"succeeded\":{}}") == false)
            let again = try await store.claimQueuedTasks(node: "b", until: Fixtures.time(60), now: Fixtures.time(0), limit: 5, ownAttemptsOnly: false)
            #expect(again.map(\.claim.taskId) == [4])

            // A kill reaches claims.
            #expect(try await store.requestCancel(attemptId: attempt.id))
            #expect(try await store.renewTaskClaims([again[0].claim], until: Fixtures.time(90)).first?.cancelRequested == true)

            try await store.deleteQueuedTasks(attemptId: attempt.id)
            #expect(try await store.queuedTasks(attemptId: attempt.id).isEmpty)

            // Rows go with the attempt's finish; nothing is published for a finished attempt.
            #expect(try await store.publishTasks([tasks[0]], by: "owner", lease: lease))
            try await store.saveTasks(
                attemptId: attempt.id, changed: [], finish: AttemptFinish(success: false, finishedAt: Fixtures.time(2)),
                lease: lease)
            #expect(try await store.queuedTasks(attemptId: attempt.id).isEmpty)
            #expect(try await store.publishTasks([tasks[0]], by: "owner", lease: lease) == false)
        }
    }
}
