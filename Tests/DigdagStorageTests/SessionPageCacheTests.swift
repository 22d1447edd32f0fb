import DigdagCore
import DigdagStorage
import DigdagTesting
import Foundation
import Logging
import Synchronization
import Testing

@testable import DigdagPostgres

/// Session pages answered from a node's memory (PostgreSQL): the node's own writes show at
/// once, other nodes' writes as soon as their NOTIFY is heard, nothing else is read again.
/// Notices of session changes are coalesced: one NOTIFY per window.
@Suite("Session pages kept in memory")
struct SessionPageCacheTests {
    /// Two storages ("nodes") on one fresh database, each listening; the first one migrated it.
    static func withTwoNodes(_ body: (PostgresStorage, PostgresStorage) async throws -> Void) async throws {
        let server = try TemporaryPostgres.freshDatabase()
        let configuration = PostgresStorageConfiguration(
            host: server.host, port: server.port, user: server.user, password: server.password,
            database: server.database, maximumPoolSize: 4)
        let a = try await PostgresStorage.connect(configuration, logger: Logger(label: "node-a"))
        let b = try await PostgresStorage.connect(configuration, logger: Logger(label: "node-b"))
        do {
            _ = try await a.migrate()
            try await waitUntilListening(a)
            try await waitUntilListening(b)
            try await body(a, b)
        } catch {
            await a.close()
            await b.close()
            throw error
        }
        await a.close()
        await b.close()
    }

    /// Waits until `node`'s listening connection is up (pages are kept only then).
    static func waitUntilListening(_ node: PostgresStorage) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if case .miss(.some) = node.sessionPages.lookup(ListQuery()) { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw FixtureError("the listening connection did not come up")
    }

    /// Reads the first page until `condition` holds on it; the time it took, nil after `timeout`.
    static func timeUntil(
        _ node: PostgresStorage, timeout: Duration, _ condition: ([StoredSession]) -> Bool
    ) async throws -> Duration? {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < timeout {
            if condition(try await node.sessions(ListQuery())) { return ContinuousClock.now - start }
            try await Task.sleep(for: .milliseconds(5))
        }
        return nil
    }

    /// The writer drops its own pages before it answers (its NOTIFY comes up to 20 ms later).
    @Test func aNodeSeesItsOwnWritesAtOnce() async throws {
        try await Self.withTwoNodes { a, _ in
            let (project, workflow) = try await Fixtures.project(a)
            let first = try Fixtures.created(
                try await a.createAttempt(Fixtures.attempt(projectId: project.id, definitionId: workflow.id)))
            #expect(try await a.sessions(ListQuery()).map(\.id) == [first.sessionId])
            _ = try await a.sessions(ListQuery())
            let second = try Fixtures.created(
                try await a.createAttempt(
                    Fixtures.attempt(projectId: project.id, definitionId: workflow.id, sessionTime: 1_700_003_600)))
            #expect(try await a.sessions(ListQuery()).map(\.id) == [second.sessionId, first.sessionId])
            #expect(try await a.requestCancel(attemptId: second.id))
            #expect(try await a.sessions(ListQuery()).first?.lastAttempt?.flags.contains(.cancelRequested) == true)
            try await a.saveTasks(
                attemptId: first.id, changed: [], finish: AttemptFinish(success: true, finishedAt: Fixtures.time(5)),
                lease: nil)
            #expect(try await a.sessions(ListQuery()).last?.lastAttempt?.finishedAt == Fixtures.time(5))
        }
    }

    @Test func anotherNodesWritesAreHeardWithinMilliseconds() async throws {
        try await Self.withTwoNodes { a, b in
            let (project, workflow) = try await Fixtures.project(a)
            #expect(try await a.sessions(ListQuery()).isEmpty)
            let attempt = try Fixtures.created(
                try await b.createAttempt(Fixtures.attempt(projectId: project.id, definitionId: workflow.id)))
            // Well within the kept page's 1 s age limit: only b's NOTIFY can refresh it.
            let seen = try await Self.timeUntil(a, timeout: .milliseconds(500)) { $0.map(\.id) == [attempt.sessionId] }
            #expect(seen != nil)
            try await b.saveTasks(
                attemptId: attempt.id, changed: [], finish: AttemptFinish(success: false, finishedAt: Fixtures.time(9)),
                lease: nil)
            let finished = try await Self.timeUntil(a, timeout: .milliseconds(500)) {
                $0.first?.lastAttempt?.flags.contains(.done) == true
            }
            #expect(finished != nil)
        }
    }

    @Test func pagesComeFromMemoryUntilAChangeIsHeard() async throws {
        try await Self.withTwoNodes { a, b in
            let (project, workflow) = try await Fixtures.project(a)
            let attempt = try Fixtures.created(
                try await a.createAttempt(Fixtures.attempt(projectId: project.id, definitionId: workflow.id)))
            #expect(try await a.sessions(ListQuery()).first?.lastAttempt?.params == ["p": "v", "a": 1])
            let later = ListQuery(beforeId: attempt.sessionId + 1)
            #expect(try await a.sessions(later).first?.lastAttempt?.params == ["p": "v", "a": 1])
            // A change no write announces (parameters never change): the kept page does not show it.
            _ = try await b.rows("UPDATE session_attempts SET params = '{\"p\":\"changed\"}' WHERE id = \(attempt.id)")
            #expect(try await a.sessions(ListQuery()).first?.lastAttempt?.params == ["p": "v", "a": 1])
            #expect(try await b.sessions(ListQuery()).first?.lastAttempt?.params == ["p": "changed"])
            // Later pages are never kept.
            #expect(try await a.sessions(later).first?.lastAttempt?.params == ["p": "changed"])
            // A change b makes is heard: a reads the page again.
            #expect(try await b.requestCancel(attemptId: attempt.id))
            let reread = try await Self.timeUntil(a, timeout: .milliseconds(500)) {
                $0.first?.lastAttempt?.params == ["p": "changed"]
            }
            #expect(reread != nil)
        }
    }

    @Test func signalsOfOneWindowShareOneAnnouncement() async throws {
        let signal = CoalescingSignal(window: .milliseconds(50))
        let count = Mutex(0)
        for _ in 0..<100 { signal.signal { count.withLock { $0 += 1 } } }
        try await Task.sleep(for: .milliseconds(300))
        #expect(count.withLock { $0 } == 1)
        signal.signal { count.withLock { $0 += 1 } }
        try await Task.sleep(for: .milliseconds(300))
        #expect(count.withLock { $0 } == 2)
    }
}
