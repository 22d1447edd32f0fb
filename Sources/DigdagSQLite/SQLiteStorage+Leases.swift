import DigdagStorage
import Foundation
import GRDB

extension SQLiteStorage {
    /// Takes up to `limit` unfinished attempts without a live lease, oldest first.
    public func claimAttempts(owner: String, until: Date, now: Date, limit: Int) async throws(StoreError)
        -> [StoredAttempt]
    {
        try await write { db in
            let ids = try Int64.fetchAll(
                db,
                sql: """
                    SELECT id FROM session_attempts
                    WHERE (state_flags & 2) = 0
                      AND (lease_owner IS NULL OR lease_expires_at IS NULL OR lease_expires_at < ?)
                    ORDER BY id LIMIT ?
                    """,
                arguments: [StorageCoding.millis(now), limit])
            let update = try db.cachedStatement(
                sql: "UPDATE session_attempts SET lease_owner = ?, lease_expires_at = ? WHERE id = ?")
            var claimed: [StoredAttempt] = []
            for id in ids {
                try update.execute(arguments: [owner, StorageCoding.millis(until), id])
                if let attempt = try Self.attempt(db, id: id) { claimed.append(attempt) }
            }
            return claimed
        }
    }

    /// Extends `owner`'s leases on `attemptIds` until `until`.
    public func renewLeases(owner: String, attemptIds: [Int64], until: Date) async throws(StoreError) {
        guard !attemptIds.isEmpty else { return }
        try await write { db in
            let update = try db.cachedStatement(
                sql: "UPDATE session_attempts SET lease_expires_at = ? WHERE id = ? AND lease_owner = ?")
            for id in attemptIds {
                try update.execute(arguments: [StorageCoding.millis(until), id, owner])
            }
        }
    }

    /// Drops every lease of `owner`.
    public func releaseLeases(owner: String) async throws(StoreError) {
        try await write { db in
            try db.cachedStatement(sql: "UPDATE session_attempts SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = ?").execute(
                arguments: [owner])
        }
    }
}
