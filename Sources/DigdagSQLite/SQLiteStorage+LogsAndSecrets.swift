import DigdagStorage
import Foundation
import GRDB

extension SQLiteStorage {
    /// Stores a task log file; the same file name again replaces it (an upload retried).
    public func putLogFile(_ file: StoredLogFile, data: Data) async throws(StoreError) {
        try await write { db in
            try db.cachedStatement(sql: """
                    INSERT INTO task_logs (attempt_id, task_name, file_name, file_time, agent_id, size, data)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (attempt_id, file_name) DO UPDATE SET task_name = excluded.task_name,
                      file_time = excluded.file_time, agent_id = excluded.agent_id, size = excluded.size,
                      data = excluded.data
                    """).execute(
                arguments: [
                    file.attemptId, file.taskName, file.fileName, StorageCoding.millis(file.fileTime), file.agentId,
                    Int64(data.count), data,
                ])
        }
    }

    /// Log files of an attempt by file name; `taskPrefix` is a literal task-name prefix.
    public func logFiles(attemptId: Int64, taskPrefix: String?) async throws(StoreError) -> [StoredLogFile] {
        try await read { db in
            var sql = """
                SELECT attempt_id, task_name, file_name, file_time, agent_id, size FROM task_logs WHERE attempt_id = ?
                """
            var arguments: StatementArguments = [attemptId]
            if let taskPrefix, !taskPrefix.isEmpty {
                sql += " AND task_name LIKE ? ESCAPE '\\'"
                arguments += [StorageCoding.likePrefix(taskPrefix)]
            }
            sql += " ORDER BY file_name"
            return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map { row in
                StoredLogFile(
                    attemptId: row[0], taskName: row[1], fileName: row[2],
                    fileTime: StorageCoding.date(millis: row[3]), agentId: row[4], size: row[5])
            }
        }
    }

    /// The gzip bytes of a log file.
    public func logFile(attemptId: Int64, fileName: String) async throws(StoreError) -> Data? {
        try await read { db in
            try Data.fetchOne(db.cachedStatement(sql: "SELECT data FROM task_logs WHERE attempt_id = ? AND file_name = ?"),
                arguments: [attemptId, fileName])
        }
    }

    /// Inserts or replaces a secret.
    public func setSecret(projectId: Int, scope: SecretScope, key: String, secret: StoredSecret, now: Date)
        async throws(StoreError)
    {
        try await write { db in
            try db.cachedStatement(sql: """
                    INSERT INTO secrets (site_id, project_id, scope, engine, key, value, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (site_id, project_id, scope, key) DO UPDATE SET engine = excluded.engine,
                      value = excluded.value, updated_at = excluded.updated_at
                    """).execute(
                arguments: [
                    StorageCoding.siteId, projectId, scope.rawValue, secret.engine, key, secret.value,
                    StorageCoding.millis(now),
                ])
        }
    }

    /// Deletes a secret; false when it did not exist.
    public func deleteSecret(projectId: Int, scope: SecretScope, key: String) async throws(StoreError) -> Bool {
        try await write { db in
            try db.cachedStatement(sql: "DELETE FROM secrets WHERE site_id = ? AND project_id = ? AND scope = ? AND key = ?").execute(
                arguments: [StorageCoding.siteId, projectId, scope.rawValue, key])
            return db.changesCount > 0
        }
    }

    /// Secret keys of a project in `scope`, sorted.
    public func secretKeys(projectId: Int, scope: SecretScope) async throws(StoreError) -> [String] {
        try await read { db in
            try String.fetchAll(db.cachedStatement(sql: "SELECT key FROM secrets WHERE site_id = ? AND project_id = ? AND scope = ? ORDER BY key"),
                arguments: [StorageCoding.siteId, projectId, scope.rawValue])
        }
    }

    /// One secret.
    public func secret(projectId: Int, scope: SecretScope, key: String) async throws(StoreError) -> StoredSecret? {
        try await read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT engine, value FROM secrets WHERE site_id = ? AND project_id = ? AND scope = ? AND key = ?"),
                arguments: [StorageCoding.siteId, projectId, scope.rawValue, key]
            ).map { row in StoredSecret(engine: row[0], value: row[1]) }
        }
    }
}
