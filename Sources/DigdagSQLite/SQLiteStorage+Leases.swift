import DigdagStorage
import Foundation
import GRDB

extension SQLiteStorage {
    /// Takes up to `limit` unfinished attempts without a live lease, oldest first, incrementing
    /// each one's lease epoch; an attempt waiting for another session (a backfill slot) only once
    /// that session's newest attempt is done.
    public func claimAttempts(owner: String, until: Date, now: Date, limit: Int) async throws(StoreError)
        -> [ClaimedAttempt]
    {
        try await write { db in
            let free = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, lease_owner FROM session_attempts
                    WHERE (state_flags & 2) = 0
                      AND (lease_owner IS NULL OR lease_expires_at IS NULL OR lease_expires_at < ?)
                      AND \(StorageSQL.waitsForNoSession)
                    ORDER BY id LIMIT ?
                    """,
                arguments: [StorageCoding.millis(now), limit])
            let update = try db.cachedStatement(
                sql: """
                    UPDATE session_attempts SET lease_owner = ?, lease_expires_at = ?, lease_epoch = lease_epoch + 1
                    WHERE id = ? RETURNING lease_epoch
                    """)
            var claimed: [ClaimedAttempt] = []
            for row in free {
                let id: Int64 = row[0]
                let epoch = try Int64.fetchOne(update, arguments: [owner, StorageCoding.millis(until), id]) ?? 0
                if let attempt = try Self.attempt(db, id: id) {
                    claimed.append(
                        ClaimedAttempt(
                            attempt: attempt, lease: AttemptLease(owner: owner, epoch: epoch), previousOwner: row[1]))
                }
            }
            return claimed
        }
    }

    /// Extends the leases still held (same owner and epoch) until `until`.
    public func renewLeases(_ leases: [Int64: AttemptLease], until: Date) async throws(StoreError) -> [RenewedLease] {
        guard !leases.isEmpty else { return [] }
        return try await write { db in
            let update = try db.cachedStatement(
                sql: """
                    UPDATE session_attempts SET lease_expires_at = ?
                    WHERE id = ? AND lease_owner = ? AND lease_epoch = ?
                    RETURNING (state_flags & 1) <> 0
                    """)
            var renewed: [RenewedLease] = []
            for (id, lease) in leases.sorted(by: { $0.key < $1.key }) {
                if let cancel = try Bool.fetchOne(
                    update, arguments: [StorageCoding.millis(until), id, lease.owner, lease.epoch])
                {
                    renewed.append(RenewedLease(attemptId: id, cancelRequested: cancel))
                }
            }
            return renewed
        }
    }

    /// Drops every lease of `owner`.
    public func releaseLeases(owner: String) async throws(StoreError) {
        try await write { db in
            try db.cachedStatement(sql: "UPDATE session_attempts SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = ?").execute(
                arguments: [owner])
        }
    }

    /// Throws `.leaseLost` unless `lease` still holds the attempt (inside a write, so no claim races it).
    static func checkLease(_ db: Database, attemptId: Int64, lease: AttemptLease) throws {
        let held = try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT 1 FROM session_attempts WHERE id = ? AND lease_owner = ? AND lease_epoch = ?"),
            arguments: [attemptId, lease.owner, lease.epoch])
        if held == nil { throw StorageCoding.leaseLost(attemptId) }
    }
}
