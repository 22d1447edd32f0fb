import DigdagCore
import DigdagStorage
import Foundation
import GRDB

extension SQLiteStorage {
    private static let insertTaskSQL = """
        INSERT INTO tasks (attempt_id, local_id, parent_local_id, full_name, state, state_flags, is_group,
          retry_count, retry_at, started_at, updated_at, details, state_details)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// Only the mutable columns: the insert-only `details` JSON is never rewritten.
    private static let updateTaskSQL = """
        UPDATE tasks SET state = ?, state_flags = ?, retry_count = ?, retry_at = ?, started_at = ?, updated_at = ?,
          state_details = ?
        WHERE attempt_id = ? AND local_id = ?
        """

    static func insertTask(_ db: Database, attemptId: Int64, task: AttemptTask) throws {
        let statement = try db.cachedStatement(sql: insertTaskSQL)
        try statement.execute(arguments: [
            attemptId, task.id, task.parentId, task.fullName, task.state.storageCode, task.flags.rawValue,
            task.isGroup, task.retryCount, task.retryAt.map(StorageCoding.millis),
            task.startedAt.map(StorageCoding.millis), task.updatedAt.map(StorageCoding.millis),
            TaskCoding.details(of: task), TaskCoding.stateDetails(of: task),
        ])
    }

    /// The tasks of an attempt by local id (one indexed query).
    public func tasks(attemptId: Int64) async throws(StoreError) -> [StoredTask] {
        try await read { db in
            let statement = try db.cachedStatement(
                sql: "SELECT \(StorageSQL.taskColumns) FROM tasks WHERE attempt_id = ? ORDER BY local_id")
            // A cursor decodes each row in place (no copy of every column into a `Row` array).
            var tasks: [StoredTask] = []
            let rows = try Row.fetchCursor(statement, arguments: [attemptId])
            while let row = try rows.next() { tasks.append(try SQLiteRows.task(row)) }
            return tasks
        }
    }

    /// The reused results of a resumed attempt.
    public func resumedResults(attemptId: Int64) async throws(StoreError) -> [String: TaskOutcome] {
        let text = try await read { db in
            try String.fetchOne(db.cachedStatement(sql: "SELECT resumed_results FROM session_attempts WHERE id = ?"), arguments: [attemptId])
        }
        return try TaskCoding.resumedResults(text)
    }

    /// Upserts changed tasks by (attempt, local id) and optionally finishes the attempt, in one transaction.
    /// With `lease`, nothing is written unless the lease still holds the attempt (fencing).
    public func saveTasks(attemptId: Int64, changed: [AttemptTask], finish: AttemptFinish?, lease: AttemptLease?)
        async throws(StoreError)
    {
        try await write { db in
            if let lease { try Self.checkLease(db, attemptId: attemptId, lease: lease) }
            if !changed.isEmpty {
                let update = try db.cachedStatement(sql: Self.updateTaskSQL)
                for task in changed {
                    try update.execute(arguments: [
                        task.state.storageCode, task.flags.rawValue, task.retryCount,
                        task.retryAt.map(StorageCoding.millis), task.startedAt.map(StorageCoding.millis),
                        task.updatedAt.map(StorageCoding.millis), TaskCoding.stateDetails(of: task), attemptId, task.id,
                    ])
                    if db.changesCount == 0 { try Self.insertTask(db, attemptId: attemptId, task: task) }
                }
            }
            if let finish {
                let statement = try db.cachedStatement(sql: """
                    UPDATE session_attempts SET state_flags = state_flags | ?, finished_at = ?,
                      lease_owner = NULL, lease_expires_at = NULL
                    WHERE id = ?
                    """)
                try statement.execute(arguments: [finish.flags.rawValue, StorageCoding.millis(finish.finishedAt), attemptId])
                if db.changesCount == 0 { throw StorageCoding.attemptNotFound(attemptId) }
            }
        }
    }

    /// Sets the cancel-requested flag of a running attempt; false when done or already requested.
    public func requestCancel(attemptId: Int64) async throws(StoreError) -> Bool {
        try await write { db in
            try db.cachedStatement(sql: "UPDATE session_attempts SET state_flags = state_flags | 1 WHERE id = ? AND (state_flags & 3) = 0").execute(
                arguments: [attemptId])
            return db.changesCount > 0
        }
    }
}
