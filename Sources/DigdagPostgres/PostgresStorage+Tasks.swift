import DigdagCore
import DigdagStorage
import Foundation
import PostgresNIO

extension PostgresStorage {
    /// Rows per multi-row statement (13 parameters each, far below the 65535 limit).
    private static let batchSize = 500

    /// Inserts tasks with multi-row `INSERT`s.
    func insertTasks(_ connection: PostgresConnection, attemptId: Int64, tasks: [AttemptTask]) async throws {
        var start = 0
        while start < tasks.count {
            let chunk = tasks[start..<min(start + Self.batchSize, tasks.count)]
            var statement = PostgresStatement("""
                INSERT INTO tasks (attempt_id, local_id, parent_local_id, full_name, state, state_flags, is_group,
                  retry_count, retry_at, started_at, updated_at, details, state_details)
                VALUES
                """)
            for (offset, task) in chunk.enumerated() {
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

    /// Upserts changed tasks by (attempt, local id) and optionally finishes the attempt, in one transaction.
    /// With `lease`, the attempt row is first locked against claims and the lease checked (fencing).
    public func saveTasks(attemptId: Int64, changed: [AttemptTask], finish: AttemptFinish?, lease: AttemptLease?)
        async throws(StoreError)
    {
        // The last change of a task wins, as with one statement per change.
        var latest: [Int64: Int] = [:]
        for (index, task) in changed.enumerated() { latest[task.id] = index }
        let tasks = changed.enumerated().filter { latest[$0.element.id] == $0.offset }.map(\.element)
        try await transaction { connection in
            if let lease { try await self.checkLease(connection, attemptId: attemptId, lease: lease) }
            var updated: Set<Int64> = []
            var start = 0
            while start < tasks.count {
                let chunk = tasks[start..<min(start + Self.batchSize, tasks.count)]
                for row in try await self.rows(connection, Self.updateStatement(attemptId: attemptId, tasks: chunk)) {
                    updated.insert(try row.get(0))
                }
                start += Self.batchSize
            }
            try await self.insertTasks(connection, attemptId: attemptId, tasks: tasks.filter { !updated.contains($0.id) })
            if let finish {
                var flags: AttemptFlags = .done
                if finish.success { flags.insert(.success) }
                let finished = try await self.row(
                    connection,
                    """
                    UPDATE session_attempts SET state_flags = state_flags | \(flags.rawValue),
                      finished_at = \(finish.finishedAt.instant), lease_owner = NULL, lease_expires_at = NULL
                    WHERE id = \(attemptId)
                    RETURNING id
                    """)
                if finished == nil { throw StorageCoding.attemptNotFound(attemptId) }
            }
        }
    }

    /// One `UPDATE ... FROM (VALUES ...)` of the mutable columns; returns the local ids it found.
    /// NULL parameters are untyped, so a VALUES column of only NULLs is `text`: hence the casts.
    private static func updateStatement(attemptId: Int64, tasks: ArraySlice<AttemptTask>) throws -> PostgresQuery {
        var statement = PostgresStatement("""
            UPDATE tasks AS t SET state = v.state, state_flags = v.state_flags, retry_count = v.retry_count,
              retry_at = v.retry_at::timestamptz, started_at = v.started_at::timestamptz,
              updated_at = v.updated_at::timestamptz, state_details = v.state_details
            FROM (VALUES
            """)
        for (offset, task) in tasks.enumerated() {
            statement.append(offset == 0 ? " " : ", ")
            statement.row { bindings in
                bindings.append(task.id)
                bindings.append(task.state.storageCode)
                bindings.append(task.flags.rawValue)
                bindings.append(task.retryCount)
                bindings.append(task.retryAt.instant)
                bindings.append(task.startedAt.instant)
                bindings.append(task.updatedAt.instant)
                bindings.append(TaskCoding.stateDetails(of: task))
            }
        }
        statement.append("""
            ) AS v (local_id, state, state_flags, retry_count, retry_at, started_at, updated_at, state_details)
            WHERE t.attempt_id =
            """)
        statement.append(" ")
        try statement.bind(attemptId)
        statement.append(" AND t.local_id = v.local_id RETURNING t.local_id")
        return statement.query
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
