import DigdagCore
import DigdagStorage
import Foundation
import PostgresNIO

extension PostgresStorage {
    /// Rows per multi-row statement (13 parameters each, far below the 65535 limit).
    private static let batchSize = 500

    /// Inserts tasks of any attempts with multi-row `INSERT`s.
    func insertTasks(_ connection: PostgresConnection, rows: [(attemptId: Int64, task: AttemptTask)]) async throws {
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(start + Self.batchSize, rows.count)]
            var statement = PostgresStatement("""
                INSERT INTO tasks (attempt_id, local_id, parent_local_id, full_name, state, state_flags, is_group,
                  retry_count, retry_at, started_at, updated_at, details, state_details)
                VALUES
                """)
            for (offset, (attemptId, task)) in chunk.enumerated() {
                statement.append(offset == 0 ? " " : ", ")
                statement.row { bindings in
                    bindings.append(attemptId)
                    bindings.append(task.id)
                    bindings.append(task.parentId)
                    bindings.append(task.fullName)
                    bindings.append(task.state.storageCode)
                    bindings.append(task.flags.rawValue)
                    bindings.append(task.isGroup)
                    bindings.append(task.retryCount)
                    bindings.append(task.retryAt.instant)
                    bindings.append(task.startedAt.instant)
                    bindings.append(task.updatedAt.instant)
                    bindings.append(TaskCoding.details(of: task))
                    bindings.append(TaskCoding.stateDetails(of: task))
                }
            }
            try await connection.query(statement.query, logger: logger)
            start += Self.batchSize
        }
    }

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
        try await rows(
            """
            UPDATE session_attempts SET state_flags = state_flags | 1
            WHERE id = \(attemptId) AND (state_flags & 3) = 0
            RETURNING id
            """
        ).isEmpty == false
    }
}
