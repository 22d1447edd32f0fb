import DigdagStorage
import Foundation
import PostgresNIO

extension PostgresStorage {
    /// Deletes the oldest sessions that ended before `before` in one transaction, rows that
    /// reference them first; sessions another node is deleting at the same moment are skipped
    /// (`SKIP LOCKED`).
    public func deleteSessions(endedBefore before: Date, limit: Int) async throws(StoreError) -> Int {
        let count = try await transaction { connection in
            let ids: [Int64] = try await self.rows(
                connection,
                """
                SELECT s.id FROM sessions s
                WHERE EXISTS (SELECT 1 FROM session_attempts a WHERE a.session_id = s.id)
                  AND NOT EXISTS (
                    SELECT 1 FROM session_attempts a WHERE a.session_id = s.id
                      AND ((a.state_flags & 2) = 0 OR a.finished_at IS NULL OR a.finished_at >= \(before.instant)))
                  AND NOT EXISTS (SELECT 1 FROM delayed_session_attempts d WHERE d.dependent_session_id = s.id)
                ORDER BY s.id LIMIT \(limit)
                FOR UPDATE OF s SKIP LOCKED
                """
            ).map { try $0.get(0) }
            guard !ids.isEmpty else { return 0 }
            let attempts: [Int64] = try await self.rows(
                connection, "SELECT id FROM session_attempts WHERE session_id = ANY(\(ids))"
            ).map { try $0.get(0) }
            let logger = self.logger
            try await connection.query("DELETE FROM task_logs WHERE attempt_id = ANY(\(attempts))", logger: logger)
            try await connection.query("DELETE FROM tasks WHERE attempt_id = ANY(\(attempts))", logger: logger)
            try await connection.query("DELETE FROM delayed_session_attempts WHERE id = ANY(\(attempts))", logger: logger)
            try await connection.query("DELETE FROM session_attempts WHERE id = ANY(\(attempts))", logger: logger)
            try await connection.query("DELETE FROM sessions WHERE id = ANY(\(ids))", logger: logger)
            return ids.count
        }
        if count > 0 { sessionsChanged() }
        return count
    }
}
