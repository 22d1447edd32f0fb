import DigdagCore
import DigdagStorage
import Foundation
import Testing

@Suite("SessionStore conformance: tasks, cancel and leases")
struct TaskStoreTests {
    /// A task with every field set, keys in non-alphabetical order.
    static let fullTask = AttemptTask(
        id: 3, parentId: 1, fullName: "+wf+full^sub+for-0=a=0=x", upstreamIds: [2, 7], isGroup: false,
        localConfig: ["sh>": "echo", "_retry": 3, "b": ["z": 1, "a": [1, 2.5, "x", nil, true]]],
        exportConfig: ["z": "last", "a": "first"], state: .retryWaiting, flags: [.initialTask, .delayedError],
        stateParams: ["retry_count": 2, "poll": ["n": 1]], retryCount: 4,
        retryAt: Date(timeIntervalSince1970: 1_700_000_100.123), startedAt: Fixtures.time(50), updatedAt: Fixtures.time(60),
        storeParams: ["s": ["t": "u"], "a": 1], resetStoreParams: ["x.y", "a"], exportParams: ["ex": "port"],
        subtaskConfig: ["+b": ["echo>": "b"], "+a": ["echo>": "a"]], error: ["message": "boom", "stacktrace": "..."])

    @Test(arguments: Backend.allCases)
    func tasksRoundTripEveryField(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let (project, workflow) = try await Fixtures.project(store)
            var empty = Fixtures.task(2, parent: 1, "+wf+empty")
            empty.error = [:]
            let tasks = [Fixtures.task(1, parent: nil, "+wf", state: .planned, isGroup: true), empty, Self.fullTask]
            let attempt = try Fixtures.created(
                try await store.createAttempt(Fixtures.attempt(projectId: project.id, definitionId: workflow.id, tasks: tasks)))
            let stored = try await store.tasks(attemptId: attempt.id)
            #expect(stored.map(\.task) == tasks)
            #expect(Set(stored.map(\.rowId)).count == 3)
            let full = stored[2].task
            #expect(Array(full.localConfig.keys) == ["sh>", "_retry", "b"])
            #expect(Array(full.exportConfig.keys) == ["z", "a"])
            #expect(Array(full.subtaskConfig.keys) == ["+b", "+a"])
            #expect(Array(full.storeParams.keys) == ["s", "a"])
            #expect(stored[1].task.error == [:])
            #expect(stored[0].task.error == nil)
            #expect(stored[0].task.retryAt == nil && stored[0].task.startedAt == nil && stored[0].task.updatedAt == nil)
            #expect(try await store.tasks(attemptId: 999_999).isEmpty)
        }
    }

    @Test(arguments: Backend.allCases)
    func saveTasksUpsertsAndFinishes(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let (project, workflow) = try await Fixtures.project(store)
            let attempt = try Fixtures.created(
                try await store.createAttempt(Fixtures.attempt(projectId: project.id, definitionId: workflow.id)))
            let before = try await store.tasks(attemptId: attempt.id)
            #expect(before.map(\.task.id) == [1, 2, 3])

            var running = before[1].task
            running.state = .running
            running.startedAt = Fixtures.time(5)
            running.updatedAt = Fixtures.time(5)
            running.stateParams = ["k": "v"]
            // The insert-only part is never rewritten by an update.
            running.localConfig = ["changed": true]
            var generated = Fixtures.task(4, parent: 2, "+wf+t0^sub", state: .ready)
            generated.upstreamIds = [3]
            try await store.saveTasks(attemptId: attempt.id, changed: [running, generated], finish: nil)
            let after = try await store.tasks(attemptId: attempt.id)
            #expect(after.map(\.task.id) == [1, 2, 3, 4])
            #expect(after[1].rowId == before[1].rowId)
            #expect(after[1].task.state == .running)
            #expect(after[1].task.stateParams == ["k": "v"])
            #expect(after[1].task.startedAt == Fixtures.time(5))
            #expect(after[1].task.localConfig == before[1].task.localConfig)
            #expect(after[3].task == generated)
            #expect(try await store.attempt(id: attempt.id)?.isDone == false)

            var done = after[1].task
            done.state = .success
            done.storeParams = ["out": 1]
            try await store.saveTasks(
                attemptId: attempt.id, changed: [done], finish: AttemptFinish(success: true, finishedAt: Fixtures.time(9)))
            let finished = try #require(try await store.attempt(id: attempt.id))
            #expect(finished.flags == [.done, .success])
            #expect(finished.finishedAt == Fixtures.time(9))
            #expect(try await store.tasks(attemptId: attempt.id)[1].task.storeParams == ["out": 1])
            #expect(try await store.activeAttemptCount() == 0)

            let failed = try Fixtures.created(
                try await store.createAttempt(Fixtures.attempt(projectId: project.id, definitionId: nil, name: "x")))
            #expect(try await store.activeAttemptCount() == 1)
            try await store.saveTasks(
                attemptId: failed.id, changed: [], finish: AttemptFinish(success: false, finishedAt: Fixtures.time(10)))
            #expect(try await store.attempt(id: failed.id)?.flags == [.done])
            let missing = await #expect(throws: StoreError.self) {
                try await store.saveTasks(
                    attemptId: 999_999, changed: [], finish: AttemptFinish(success: true, finishedAt: Fixtures.time(1)))
            }
            #expect(missing?.code == .notFound)
        }
    }

    @Test(arguments: Backend.allCases)
    func requestCancelOnlyOnceAndOnlyWhileRunning(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let (project, workflow) = try await Fixtures.project(store)
            let running = try Fixtures.created(
                try await store.createAttempt(Fixtures.attempt(projectId: project.id, definitionId: workflow.id)))
            #expect(try await store.requestCancel(attemptId: running.id))
            #expect(try await store.attempt(id: running.id)?.flags == [.cancelRequested])
            #expect(try await store.requestCancel(attemptId: running.id) == false)

            let done = try Fixtures.created(
                try await store.createAttempt(Fixtures.attempt(projectId: project.id, definitionId: nil, name: "d")))
            try await store.saveTasks(
                attemptId: done.id, changed: [], finish: AttemptFinish(success: false, finishedAt: Fixtures.time(1)))
            #expect(try await store.requestCancel(attemptId: done.id) == false)
            #expect(try await store.attempt(id: done.id)?.flags == [.done])
            #expect(try await store.requestCancel(attemptId: 999_999) == false)

            // A killed attempt ends done without success; its flags keep the request.
            try await store.saveTasks(
                attemptId: running.id, changed: [], finish: AttemptFinish(success: false, finishedAt: Fixtures.time(2)))
            #expect(try await store.attempt(id: running.id)?.flags == [.cancelRequested, .done])
        }
    }

    @Test(arguments: Backend.allCases)
    func leasesAreClaimedRenewedReleasedAndTakenOverWhenExpired(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let (project, workflow) = try await Fixtures.project(store)
            var ids: [Int64] = []
            for name in ["a", "b", "c"] {
                ids.append(try Fixtures.created(
                    try await store.createAttempt(
                        Fixtures.attempt(projectId: project.id, definitionId: workflow.id, name: name))).id)
            }
            let held = try Fixtures.created(
                try await store.createAttempt(
                    Fixtures.attempt(
                        projectId: project.id, definitionId: nil, name: "held", owner: "node-z",
                        leaseUntil: Fixtures.time(100))))
            let done = try Fixtures.created(
                try await store.createAttempt(Fixtures.attempt(projectId: project.id, definitionId: nil, name: "done")))
            try await store.saveTasks(
                attemptId: done.id, changed: [], finish: AttemptFinish(success: true, finishedAt: Fixtures.time(1)))

            func claim(_ owner: String, now: Double, until: Double, limit: Int = 10) async throws -> [Int64] {
                try await store.claimAttempts(
                    owner: owner, until: Fixtures.time(until), now: Fixtures.time(now), limit: limit
                ).map(\.id)
            }
            #expect(try await claim("node-a", now: 0, until: 60, limit: 2) == [ids[0], ids[1]])
            #expect(try await claim("node-b", now: 0, until: 60) == [ids[2]])
            #expect(try await claim("node-c", now: 30, until: 90) == [])

            // node-a keeps its attempts alive; node-b's lease runs out at 60 (node-c holds none).
            let a = AttemptLease(owner: "node-a", epoch: 1)
            #expect(
                try await store.renewLeases([ids[0]: a, ids[1]: a], until: Fixtures.time(200)).map(\.attemptId).sorted()
                    == [ids[0], ids[1]])
            #expect(
                try await store.renewLeases([ids[2]: AttemptLease(owner: "node-c", epoch: 1)], until: Fixtures.time(500))
                    .isEmpty)
            #expect(try await claim("node-c", now: 70, until: 130) == [ids[2]])
            // node-z's lease from createAttempt expires at 100.
            #expect(try await claim("node-c", now: 101, until: 160) == [held.id])

            try await store.releaseLeases(owner: "node-a")
            let released = try await store.claimAttempts(
                owner: "node-d", until: Fixtures.time(300), now: Fixtures.time(102), limit: 10)
            #expect(released.map(\.id) == [ids[0], ids[1]])
            #expect(released[0].attempt == (try await store.attempt(id: ids[0])))
            #expect(released.map(\.lease) == [AttemptLease(owner: "node-d", epoch: 2), AttemptLease(owner: "node-d", epoch: 2)])
            #expect(try await claim("node-e", now: 1000, until: 1060).sorted() == (ids + [held.id]).sorted())
        }
    }

    @Test(arguments: Backend.allCases)
    func concurrentClaimsNeverShareAnAttempt(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let (project, workflow) = try await Fixtures.project(store)
            for index in 0..<12 {
                _ = try Fixtures.created(
                    try await store.createAttempt(
                        Fixtures.attempt(projectId: project.id, definitionId: workflow.id, name: "n\(index)")))
            }
            let claims = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for node in 0..<6 {
                    group.addTask {
                        try await store.claimAttempts(
                            owner: "node-\(node)", until: Fixtures.time(60), now: Fixtures.time(0), limit: 3
                        ).map(\.id)
                    }
                }
                var all: [[Int64]] = []
                for try await claimed in group { all.append(claimed) }
                return all
            }
            let ids = claims.flatMap { $0 }
            #expect(Set(ids).count == ids.count)
            #expect(ids.count == 12)
            #expect(claims.allSatisfy { $0.count <= 3 })
        }
    }

    @Test(arguments: Backend.allCases)
    func aNodeThatLostItsLeaseIsFencedOut(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let (project, workflow) = try await Fixtures.project(store)
            let attempt = try Fixtures.created(
                try await store.createAttempt(
                    Fixtures.attempt(
                        projectId: project.id, definitionId: workflow.id, owner: "node-a", leaseUntil: Fixtures.time(10))))
            let first = AttemptLease(owner: "node-a", epoch: 0)
            var task = try await store.tasks(attemptId: attempt.id)[1].task
            task.state = .running
            try await store.saveTasks(attemptId: attempt.id, changed: [task], finish: nil, lease: first)

            // node-a stalls past its lease; node-b takes the attempt over.
            let taken = try await store.claimAttempts(owner: "node-b", until: Fixtures.time(30), now: Fixtures.time(11), limit: 5)
            #expect(taken.map(\.lease) == [AttemptLease(owner: "node-b", epoch: 1)])
            #expect(try await store.renewLeases([attempt.id: first], until: Fixtures.time(40)).isEmpty)
            task.state = .success
            do {
                try await store.saveTasks(
                    attemptId: attempt.id, changed: [task], finish: AttemptFinish(success: true, finishedAt: Fixtures.time(12)),
                    lease: first)
                Issue.record("a stale lease wrote")
            } catch let error as StoreError {
                #expect(error.code == .leaseLost)
            }
            #expect(try await store.tasks(attemptId: attempt.id)[1].task.state == .running)
            #expect(try await store.attempt(id: attempt.id)?.isDone == false)

            // The same owner with a new claim is a different lease: only the newest epoch writes.
            let back = try await store.claimAttempts(owner: "node-a", until: Fixtures.time(60), now: Fixtures.time(31), limit: 5)
            #expect(back.map(\.lease) == [AttemptLease(owner: "node-a", epoch: 2)])
            await #expect(throws: StoreError.self) {
                try await store.saveTasks(attemptId: attempt.id, changed: [task], finish: nil, lease: taken[0].lease)
            }
            try await store.saveTasks(
                attemptId: attempt.id, changed: [task], finish: AttemptFinish(success: true, finishedAt: Fixtures.time(32)),
                lease: back[0].lease)
            #expect(try await store.attempt(id: attempt.id)?.isDone == true)
        }
    }

    @Test(arguments: Backend.allCases)
    func aBatchWritesEveryHeldAttemptAndSkipsLostOnes(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let (project, workflow) = try await Fixtures.project(store)
            var attempts: [StoredAttempt] = []
            for name in ["a", "b", "c"] {
                attempts.append(
                    try Fixtures.created(
                        try await store.createAttempt(
                            Fixtures.attempt(
                                projectId: project.id, definitionId: workflow.id, name: name, owner: "node-a",
                                leaseUntil: Fixtures.time(10)))))
            }
            // node-b takes "b" over; node-a's writes of "b" are fenced, the others go through.
            let lease = AttemptLease(owner: "node-a", epoch: 0)
            _ = try await store.renewLeases([attempts[0].id: lease, attempts[2].id: lease], until: Fixtures.time(60))
            let taken = try await store.claimAttempts(owner: "node-b", until: Fixtures.time(60), now: Fixtures.time(20), limit: 5)
            #expect(taken.map(\.id) == [attempts[1].id])
            var saves: [TaskSave] = []
            for (index, attempt) in attempts.enumerated() {
                var task = try await store.tasks(attemptId: attempt.id)[1].task
                task.state = .success
                var added = Fixtures.task(4, parent: 1, "+wf+added\(index)", state: .ready)
                added.upstreamIds = [2]
                saves.append(
                    TaskSave(
                        attemptId: attempt.id, changed: [task, added],
                        finish: index == 2 ? AttemptFinish(success: false, finishedAt: Fixtures.time(30)) : nil,
                        lease: lease))
            }
            // Log files ride with the batch, the fenced attempt's too (a file named twice keeps the last).
            func log(_ attempt: StoredAttempt, _ bytes: [UInt8]) -> (file: StoredLogFile, data: Data) {
                (StoredLogFile(
                    attemptId: attempt.id, taskName: "+wf+t", fileName: "+wf+t@0000000100000000.a.log.gz",
                    fileTime: Date(timeIntervalSince1970: 1_700_000_000), agentId: "a", size: Int64(bytes.count)),
                 Data(bytes))
            }
            let logs = [log(attempts[0], [1]), log(attempts[1], [2]), log(attempts[0], [3, 4])]
            #expect(try await store.saveTaskBatch(saves, logs: logs) == [attempts[1].id])
            for (index, attempt) in attempts.enumerated() {
                let tasks = try await store.tasks(attemptId: attempt.id).map(\.task)
                #expect(tasks[1].state == (index == 1 ? .blocked : .success))
                #expect(tasks.count == (index == 1 ? 3 : 4))
            }
            let fileName = logs[0].file.fileName
            #expect(try await store.logFile(attemptId: attempts[0].id, fileName: fileName) == Data([3, 4]))
            #expect(try await store.logFile(attemptId: attempts[1].id, fileName: fileName) == Data([2]))
            #expect(try await store.logFile(attemptId: attempts[2].id, fileName: fileName) == nil)
            // Logs alone (no state to save) are stored too.
            #expect(try await store.saveTaskBatch([], logs: [log(attempts[2], [5])]) == [])
            #expect(try await store.logFile(attemptId: attempts[2].id, fileName: fileName) == Data([5]))
            let finished = try #require(try await store.attempt(id: attempts[2].id))
            #expect(finished.isDone && !finished.isSuccess)
            #expect(try await store.attempt(id: attempts[0].id)?.isDone == false)
        }
    }
}
