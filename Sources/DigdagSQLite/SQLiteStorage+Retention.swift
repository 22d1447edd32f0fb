import DigdagStorage
import Foundation
import GRDB

extension SQLiteStorage {
    /// Deletes the oldest sessions that ended before `before` in one transaction, rows that
    /// reference them first.
    public func deleteSessions(endedBefore before: Date, limit: Int) async throws(StoreError) -> Int {
        try await write { db in
            let ids = try Int64.fetchAll(
                db,
                sql: """
                    SELECT s.id FROM sessions s
                    WHERE EXISTS (SELECT 1 FROM session_attempts a WHERE a.session_id = s.id)
                      AND NOT EXISTS (
                        SELECT 1 FROM session_attempts a WHERE a.session_id = s.id
                          AND ((a.state_flags & 2) = 0 OR a.finished_at IS NULL OR a.finished_at >= ?))
                      AND NOT EXISTS (SELECT 1 FROM delayed_session_attempts d WHERE d.dependent_session_id = s.id)
                    ORDER BY s.id LIMIT ?
                    """,
                arguments: [StorageCoding.millis(before), limit])
            guard !ids.isEmpty else { return 0 }
            // One bound parameter per session id.
            let sessions = "(" + Array(repeating: "?", count: ids.count).joined(separator: ",") + ")"
            let attempts = "(SELECT id FROM session_attempts WHERE session_id IN \(sessions))"
            let arguments = StatementArguments(ids)
            try db.execute(sql: "DELETE FROM task_logs WHERE attempt_id IN \(attempts)", arguments: arguments)
            try db.execute(sql: "DELETE FROM tasks WHERE attempt_id IN \(attempts)", arguments: arguments)
            try db.execute(sql: "DELETE FROM delayed_session_attempts WHERE id IN \(attempts)", arguments: arguments)
            try db.execute(sql: "DELETE FROM session_attempts WHERE session_id IN \(sessions)", arguments: arguments)
            try db.execute(sql: "DELETE FROM sessions WHERE id IN \(sessions)", arguments: arguments)
            return ids.count
        }
    }
}
