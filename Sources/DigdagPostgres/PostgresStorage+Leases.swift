import DigdagStorage
import Foundation
import PostgresNIO

extension PostgresStorage {
    /// Takes up to `limit` unfinished attempts without a live lease, oldest first. Rows another
    /// node is claiming at the same moment are skipped (`FOR UPDATE SKIP LOCKED`), never waited for.
    public func claimAttempts(owner: String, until: Date, now: Date, limit: Int) async throws(StoreError)
        -> [StoredAttempt]
    {
        try await transaction { connection in
            let ids: [Int64] = try await self.rows(
                connection,
                """
                UPDATE session_attempts SET lease_owner = \(owner), lease_expires_at = \(until.instant)
                WHERE id IN (
                  SELECT id FROM session_attempts
                  WHERE (state_flags & 2) = 0
                    AND (lease_owner IS NULL OR lease_expires_at IS NULL OR lease_expires_at < \(now.instant))
                  ORDER BY id LIMIT \(limit)
                  FOR UPDATE SKIP LOCKED)
                RETURNING id
                """
            ).map { try $0.get(0) }
            guard !ids.isEmpty else { return [] }
            return try await self.rows(
                connection, "\(unescaped: StorageSQL.attemptSelect) WHERE a.id = ANY(\(ids)) ORDER BY a.id"
            ).map { row throws(StoreError) in try PostgresRows.attempt(row) }
        }
    }

    /// Extends `owner`'s leases on `attemptIds` until `until`.
    public func renewLeases(owner: String, attemptIds: [Int64], until: Date) async throws(StoreError) {
        guard !attemptIds.isEmpty else { return }
        _ = try await rows(
            """
            UPDATE session_attempts SET lease_expires_at = \(until.instant)
            WHERE lease_owner = \(owner) AND id = ANY(\(attemptIds))
            """)
    }

    /// Drops every lease of `owner`.
    public func releaseLeases(owner: String) async throws(StoreError) {
        _ = try await rows(
            "UPDATE session_attempts SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = \(owner)")
    }
}
