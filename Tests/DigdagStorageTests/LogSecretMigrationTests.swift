import DigdagCore
import DigdagStorage
import Foundation
import Testing

@Suite("LogStore, SecretStorage and migration conformance")
struct LogSecretMigrationTests {
    @Test(arguments: Backend.allCases)
    func logFilesFilterByTaskPrefixAndSortByFileName(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let (project, workflow) = try await Fixtures.project(store)
            let attempt = try Fixtures.created(
                try await store.createAttempt(Fixtures.attempt(projectId: project.id, definitionId: workflow.id)))
            let other = try Fixtures.created(
                try await store.createAttempt(Fixtures.attempt(projectId: project.id, definitionId: nil, name: "o")))
            func file(_ task: String, _ stamp: String, attempt: Int64 = attempt.id, size: Int) -> StoredLogFile {
                StoredLogFile(
                    attemptId: attempt, taskName: task, fileName: "\(task)@\(stamp).agent.log.gz",
                    fileTime: Date(timeIntervalSince1970: 1_700_000_000.5), agentId: "agent", size: Int64(size))
            }
            let bytes = Data((0..<300).map { UInt8(truncatingIfNeeded: $0) })
            let files = [
                file("+wf+t1", "0000000200000000", size: 300), file("+wf+t0", "0000000100000000", size: 300),
                file("+wf+t1", "0000000100000000", size: 300), file("+wf+t_x", "0000000100000000", size: 300),
                file("+wfz", "0000000100000000", size: 300),
            ]
            for entry in files { try await store.putLogFile(entry, data: bytes) }
            try await store.putLogFile(file("+wf+t0", "0000000100000000", attempt: other.id, size: 1), data: Data([1]))

            let all = try await store.logFiles(attemptId: attempt.id, taskPrefix: nil)
            #expect(all.map(\.fileName) == files.map(\.fileName).sorted())
            #expect(all.first == files[1])
            #expect(try await store.logFiles(attemptId: attempt.id, taskPrefix: "+wf+t1").count == 2)
            #expect(try await store.logFiles(attemptId: attempt.id, taskPrefix: "+wf+t_").map(\.taskName) == ["+wf+t_x"])
            #expect(try await store.logFiles(attemptId: attempt.id, taskPrefix: "+wf").count == 5)
            #expect(try await store.logFiles(attemptId: attempt.id, taskPrefix: "+wf+").count == 4)
            #expect(try await store.logFiles(attemptId: attempt.id, taskPrefix: "%").isEmpty)
            #expect(try await store.logFile(attemptId: attempt.id, fileName: files[0].fileName) == bytes)
            #expect(try await store.logFile(attemptId: other.id, fileName: files[1].fileName) == Data([1]))
            #expect(try await store.logFile(attemptId: attempt.id, fileName: "missing") == nil)

            // The same file again (a retried upload) replaces it.
            try await store.putLogFile(files[0], data: Data([5, 6]))
            #expect(try await store.logFile(attemptId: attempt.id, fileName: files[0].fileName) == Data([5, 6]))
            #expect(try await store.logFiles(attemptId: attempt.id, taskPrefix: nil).count == 5)
        }
    }

    @Test(arguments: Backend.allCases)
    func logFilesStoredInOneBatchAreReadBackAndTheLaterUploadWins(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let (project, workflow) = try await Fixtures.project(store)
            let attempt = try Fixtures.created(
                try await store.createAttempt(Fixtures.attempt(projectId: project.id, definitionId: workflow.id)))
            func file(_ task: String, size: Int) -> StoredLogFile {
                StoredLogFile(
                    attemptId: attempt.id, taskName: task, fileName: "\(task)@0000000100000000.agent.log.gz",
                    fileTime: Date(timeIntervalSince1970: 1_700_000_000.123), agentId: "agent", size: Int64(size))
            }
            try await store.putLogFile(file("+wf+t2", size: 1), data: Data([9]))
            try await store.putLogFiles([
                (file("+wf+t0", size: 2), Data([1, 2])), (file("+wf+t1", size: 1), Data([3])),
                (file("+wf+t0", size: 3), Data([4, 5, 6])), (file("+wf+t2", size: 2), Data([7, 8])),
            ])
            let stored = try await store.logFiles(attemptId: attempt.id, taskPrefix: nil)
            #expect(stored == [file("+wf+t0", size: 3), file("+wf+t1", size: 1), file("+wf+t2", size: 2)])
            #expect(try await store.logFile(attemptId: attempt.id, fileName: file("+wf+t0", size: 0).fileName) == Data([4, 5, 6]))
            #expect(try await store.logFile(attemptId: attempt.id, fileName: file("+wf+t2", size: 0).fileName) == Data([7, 8]))
        }
    }

    @Test(arguments: Backend.allCases)
    func secretsAreScopedSortedReplacedAndDeleted(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let (project, _) = try await Fixtures.project(store)
            let (other, _) = try await Fixtures.project(store, "other")
            let secret = StoredSecret(engine: "aesgcm", value: "c2VjcmV0")
            try await store.setSecret(projectId: project.id, scope: .project, key: "b.key", secret: secret, now: Fixtures.time())
            try await store.setSecret(projectId: project.id, scope: .project, key: "a", secret: secret, now: Fixtures.time())
            try await store.setSecret(projectId: project.id, scope: .project, key: "B", secret: secret, now: Fixtures.time())
            try await store.setSecret(
                projectId: project.id, scope: .projectDefault, key: "a", secret: StoredSecret(engine: "aesgcm", value: "ZGVm"),
                now: Fixtures.time())
            try await store.setSecret(projectId: other.id, scope: .project, key: "z", secret: secret, now: Fixtures.time())

            #expect(try await store.secretKeys(projectId: project.id, scope: .project) == ["B", "a", "b.key"])
            #expect(try await store.secretKeys(projectId: project.id, scope: .projectDefault) == ["a"])
            #expect(try await store.secretKeys(projectId: other.id, scope: .project) == ["z"])
            #expect(try await store.secret(projectId: project.id, scope: .project, key: "a") == secret)
            #expect(try await store.secret(projectId: project.id, scope: .projectDefault, key: "a")?.value == "ZGVm")
            #expect(try await store.secret(projectId: project.id, scope: .project, key: "z") == nil)

            let replaced = StoredSecret(engine: "aesgcm", value: "bmV3")
            try await store.setSecret(projectId: project.id, scope: .project, key: "a", secret: replaced, now: Fixtures.time(1))
            #expect(try await store.secret(projectId: project.id, scope: .project, key: "a") == replaced)
            #expect(try await store.secretKeys(projectId: project.id, scope: .project).count == 3)

            #expect(try await store.deleteSecret(projectId: project.id, scope: .project, key: "a"))
            #expect(try await store.deleteSecret(projectId: project.id, scope: .project, key: "a") == false)
            #expect(try await store.secret(projectId: project.id, scope: .projectDefault, key: "a")?.value == "ZGVm")
            #expect(try await store.secretKeys(projectId: project.id, scope: .project) == ["B", "b.key"])
        }
    }

    @Test(arguments: Backend.allCases)
    func migrationsAreNamedOrderedAndIdempotent(_ backend: Backend) async throws {
        try await withStore(backend, migrated: false) { store in
            #expect(try await store.pendingMigrations() == nil)
            let applied = try await store.migrate()
            #expect(!applied.isEmpty)
            #expect(applied == applied.sorted())
            #expect(applied.allSatisfy { $0.range(of: #"^\d{14}_[a-z_]+$"#, options: .regularExpression) != nil })
            #expect(try await store.pendingMigrations() == [])
            #expect(try await store.migrate() == [])
            #expect(try await store.pendingMigrations() == [])
            // The schema works after migrating.
            _ = try await Fixtures.project(store)
        }
    }
}
