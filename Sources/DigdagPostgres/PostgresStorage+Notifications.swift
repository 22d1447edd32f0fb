import DigdagStorage
import Foundation
import PostgresNIO

/// LISTEN/NOTIFY: one pooled connection per storage listens on every channel for as long as the
/// pool runs; what it hears goes to the task queue's subscribers (`PostgresNoticeHub`) and to
/// the session pages kept in memory (`sessionPages`).
extension PostgresStorage {
    /// The channel on which nodes announce attempts nobody holds yet.
    static let unclaimedAttemptsChannel = "digdag_unclaimed_attempts"

    /// The channel on which nodes announce that a session page may show something new (a
    /// session, an attempt's start or end, a kill request).
    static let sessionsChannel = "digdag_sessions_changed"

    /// LISTENs until the calling task is cancelled; reconnects a second after a failure (a
    /// database outage). Session pages are kept only while it listens.
    func listenForNotices() async {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: Self.unclaimedAttemptsChannel) { attempts in
                        try await connection.listen(on: Self.taskQueueChannel) { tasks in
                            try await connection.listen(on: Self.sessionsChannel) { sessions in
                                try await self.hear(attempts: attempts, tasks: tasks, sessions: sessions)
                            }
                        }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.debug("LISTEN ended: \(error)")
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    private func hear(
        attempts: PostgresNotificationSequence, tasks: PostgresNotificationSequence,
        sessions: PostgresNotificationSequence
    ) async throws {
        sessionPages.watching(true)
        notices.connected()
        defer {
            sessionPages.watching(false)
            notices.disconnected()
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for try await _ in attempts { self.notices.publish(.unclaimedAttempts) }
            }
            group.addTask {
                for try await notification in tasks {
                    if let notice = Self.taskQueueNotice(notification.payload) { self.notices.publish(notice) }
                }
            }
            group.addTask {
                for try await _ in sessions { self.sessionPages.invalidate() }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    /// Calls `wake` whenever a node announced attempts nobody holds, and after each
    /// (re)connection, until the calling task is cancelled.
    public func watchUnclaimedAttempts(_ wake: @escaping @Sendable () async -> Void) async {
        for await notice in notices.subscribe() {
            switch notice {
            case .unclaimedAttempts, .connected: await wake()
            case .published, .completed: break
            }
        }
    }

    /// Something a session page shows was stored: this node's pages are dropped at once, and
    /// every node hears of it within `sessionChanges`' window (one NOTIFY for all the changes of
    /// the window: each NOTIFY wakes every listening connection, and a busy node stores hundreds
    /// of attempt starts and ends a second). A node that dies before announcing leaves the other
    /// nodes' pages at most their age limit (1 s) behind.
    func sessionsChanged() {
        sessionPages.invalidate()
        sessionChanges.signal { [weak self] in
            guard let self else { return }
            do {
                _ = try await self.rows("SELECT pg_notify(\(Self.sessionsChannel), '')")
            } catch {
                self.logger.debug("NOTIFY \(Self.sessionsChannel) failed: \(error)")
            }
        }
    }

    /// `NOTIFY` every node (this one included) that attempts wait to be claimed.
    public func announceUnclaimedAttempts() async {
        do {
            _ = try await rows("SELECT pg_notify(\(Self.unclaimedAttemptsChannel), '')")
        } catch {
            logger.debug("NOTIFY \(Self.unclaimedAttemptsChannel) failed: \(error)")
        }
    }
}
