import DigdagStorage
import Foundation
import PostgresNIO

extension PostgresStorage {
    /// Takes up to `limit` unfinished attempts without a live lease, oldest first, incrementing
    /// each one's lease epoch; an attempt waiting for another session (a backfill slot) only once
    /// that session's newest attempt is done. Rows another node is claiming or writing at the same
    /// moment are skipped (`FOR UPDATE SKIP LOCKED`), never waited for.
    public func claimAttempts(owner: String, until: Date, now: Date, limit: Int) async throws(StoreError)
        -> [ClaimedAttempt]
    {
        try await transaction { connection in
            var epochs: [Int64: (epoch: Int64, previous: String?)] = [:]
            for row in try await self.rows(
                connection,
                """
                UPDATE session_attempts AS a SET lease_owner = \(owner), lease_expires_at = \(until.instant),
                  lease_epoch = a.lease_epoch + 1
                FROM (
                  SELECT id, lease_owner FROM session_attempts
                  WHERE (state_flags & 2) = 0
                    AND (lease_owner IS NULL OR lease_expires_at IS NULL OR lease_expires_at < \(now.instant))
                    AND \(unescaped: StorageSQL.waitsForNoSession)
                  ORDER BY id LIMIT \(limit)
                  FOR UPDATE SKIP LOCKED) AS free
                WHERE a.id = free.id
                RETURNING a.id, a.lease_epoch, free.lease_owner
                """)
            {
                epochs[try row.get(0)] = (try row.get(1), try row.get(2, as: String?.self))
            }
            guard !epochs.isEmpty else { return [] }
            return try await self.rows(
                connection,
                "\(unescaped: StorageSQL.attemptSelect) WHERE a.id = ANY(\(Array(epochs.keys))) ORDER BY a.id",
                PostgresRows.attempt
            ).map { attempt in
                let claim = epochs[attempt.id]
                return ClaimedAttempt(
                    attempt: attempt, lease: AttemptLease(owner: owner, epoch: claim?.epoch ?? 0),
                    previousOwner: claim?.previous ?? nil)
            }
        }
    }

    /// Extends the leases still held (same owner and epoch) until `until`, in one statement.
    public func renewLeases(_ leases: [Int64: AttemptLease], until: Date) async throws(StoreError) -> [RenewedLease] {
        guard !leases.isEmpty else { return [] }
        let ids = Array(leases.keys)
        let owners = ids.map { leases[$0]!.owner }
        let epochs = ids.map { leases[$0]!.epoch }
        return try await rows(
            """
            UPDATE session_attempts AS a SET lease_expires_at = \(until.instant)
            FROM unnest(\(ids)::bigint[], \(owners)::text[], \(epochs)::bigint[]) AS l (id, owner, epoch)
            WHERE a.id = l.id AND a.lease_owner = l.owner AND a.lease_epoch = l.epoch
            RETURNING a.id, (a.state_flags & 1) <> 0
            """
        ).map { row throws(StoreError) in
            RenewedLease(attemptId: try row.get(0), cancelRequested: try row.get(1))
        }
    }

    /// Drops every lease of `owner`.
    public func releaseLeases(owner: String) async throws(StoreError) {
        _ = try await rows(
            "UPDATE session_attempts SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = \(owner)")
    }
}
