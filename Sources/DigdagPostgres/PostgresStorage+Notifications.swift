import DigdagStorage
import Foundation
import PostgresNIO

extension PostgresStorage {
    /// The channel on which nodes announce attempts nobody holds yet.
    static let unclaimedAttemptsChannel = "digdag_unclaimed_attempts"

    /// LISTENs on one pooled connection until cancelled; reconnects after a failure (a database
    /// outage) and wakes once after each (re)connection, for announcements it may have missed.
    public func watchUnclaimedAttempts(_ wake: @escaping @Sendable () async -> Void) async {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: Self.unclaimedAttemptsChannel) { notifications in
                        await wake()
                        for try await _ in notifications { await wake() }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.debug("LISTEN \(Self.unclaimedAttemptsChannel) ended: \(error)")
            }
            try? await Task.sleep(for: .seconds(1))
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
