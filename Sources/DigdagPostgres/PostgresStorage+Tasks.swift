import DigdagCore
import DigdagStorage
import Foundation
import PostgresNIO

extension PostgresStorage {
    /// The tasks of an attempt by local id (one indexed query).
    public func tasks(attemptId: Int64) async throws(StoreError) -> [StoredTask] {
        try await rows(
            "SELECT \(unescaped: StorageSQL.taskColumns) FROM tasks WHERE attempt_id = \(attemptId) ORDER BY local_id"
        ).map(PostgresRows.task)
    }

    /// The reused results of a resumed attempt.
    public func resumedResults(attemptId: Int64) async throws(StoreError) -> [String: TaskOutcome] {
        let text = try await rows("SELECT resumed_results FROM session_attempts WHERE id = \(attemptId)").first?
            .get(0, as: String?.self)
        return try TaskCoding.resumedResults(text ?? nil)
    }

    /// Sets the cancel-requested flag of a running attempt; false when done or already requested.
    public func requestCancel(attemptId: Int64) async throws(StoreError) -> Bool {
        defer { sessionsChanged() }
        return try await rows(
            """
            UPDATE session_attempts SET state_flags = state_flags | 1
            WHERE id = \(attemptId) AND (state_flags & 3) = 0
            RETURNING id
            """
        ).isEmpty == false
    }
}
