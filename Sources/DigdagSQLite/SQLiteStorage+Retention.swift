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
            let sessions = "(" + ids.map(String.init).joined(separator: ",") + ")"
            let attempts = "(SELECT id FROM session_attempts WHERE session_id IN \(sessions))"
            try db.execute(sql: "DELETE FROM task_logs WHERE attempt_id IN \(attempts)")
            try db.execute(sql: "DELETE FROM tasks WHERE attempt_id IN \(attempts)")
            try db.execute(sql: "DELETE FROM delayed_session_attempts WHERE id IN \(attempts)")
            try db.execute(sql: "DELETE FROM session_attempts WHERE session_id IN \(sessions)")
            try db.execute(sql: "DELETE FROM sessions WHERE id IN \(sessions)")
            return ids.count
        }
    }
}
