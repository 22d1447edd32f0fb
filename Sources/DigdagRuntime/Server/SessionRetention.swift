import DigdagCore
import DigdagStorage
import Foundation
import Logging
import ServiceLifecycle

/// Deletes sessions whose attempts all ended longer ago than `database.session-retention`
/// (beyond Digdag, whose database only grows: its issues 809 and 1636), with their attempts,
/// tasks and task logs: at start, then every `checkInterval`, a thousand sessions per
/// transaction so that writers never wait long. Running sessions, and sessions a waiting
/// backfill slot depends on, are kept.
public struct SessionRetention: Service {
    private let storage: any DigdagStorage
    private let retention: TimeInterval
    private let checkInterval: Duration
    private let logger: Logger
    /// Sessions deleted per transaction.
    static let batch = 1000

    /// Keeps sessions for `retention` seconds after their last attempt ended.
    public init(storage: any DigdagStorage, retention: TimeInterval, checkInterval: Duration, logger: Logger) {
        self.storage = storage
        self.retention = retention
        self.checkInterval = checkInterval
        self.logger = logger
    }

    /// Sweeps until graceful shutdown.
    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                _ = await sweep(now: Date())
                try await Task.sleep(for: checkInterval)
            }
        }
    }

    /// Deletes every session that ended before `now - retention`; answers how many.
    func sweep(now: Date) async -> Int {
        let cutoff = now.addingTimeInterval(-retention)
        var total = 0
        do {
            while !Task.isCancelled {
                let deleted = try await storage.deleteSessions(endedBefore: cutoff, limit: Self.batch)
                total += deleted
                if deleted < Self.batch { break }
            }
        } catch {
            logger.warning("Deleting old sessions failed (database.session-retention); trying again later: \(error)")
        }
        if total > 0 {
            logger.info(
                "Deleted \(total) sessions whose attempts all ended before \(ZonedTime.instantText(cutoff)) (database.session-retention)")
        }
        return total
    }
}
