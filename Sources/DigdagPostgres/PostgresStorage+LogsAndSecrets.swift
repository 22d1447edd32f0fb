import DigdagStorage
import Foundation
import PostgresNIO

extension PostgresStorage {
    /// Stores a task log file; the same file name again replaces it (an upload retried).
    public func putLogFile(_ file: StoredLogFile, data: Data) async throws(StoreError) {
        try await connection { connection in
            _ = try await connection.execute(PostgresTaskStatements.PutLogFile(file: file, data: data), logger: self.logger)
        }
    }

    /// Stores several log files with one statement (one round trip, one commit); of two uploads
    /// of one file, the later wins.
    public func putLogFiles(_ files: [(file: StoredLogFile, data: Data)]) async throws(StoreError) {
        guard files.count > 1 else {
            if let (file, data) = files.first { try await putLogFile(file, data: data) }
            return
        }
        let statement = PostgresTaskStatements.PutLogFiles(logs: .init(files))
        try await connection { connection in
            _ = try await connection.execute(statement, logger: self.logger)
        }
    }

    /// Log files of an attempt by file name; `taskPrefix` is a literal task-name prefix.
    public func logFiles(attemptId: Int64, taskPrefix: String?) async throws(StoreError) -> [StoredLogFile] {
        try await connection { connection in
            var statement = PostgresStatement(
                "SELECT attempt_id, task_name, file_name, file_time, agent_id, size FROM task_logs WHERE attempt_id = ")
            try statement.bind(attemptId)
            if let taskPrefix, !taskPrefix.isEmpty {
                statement.append(" AND task_name LIKE ")
                try statement.bind(StorageCoding.likePrefix(taskPrefix))
                statement.append(" ESCAPE '\\'")
            }
            statement.append(" ORDER BY file_name COLLATE \"C\"")
            return try await self.rows(connection, statement.query).map { row throws(StoreError) in
                StoredLogFile(
                    attemptId: try row.get(0), taskName: try row.get(1), fileName: try row.get(2),
                    fileTime: try row.date(3), agentId: try row.get(4), size: try row.get(5))
            }
        }
    }

    /// The gzip bytes of a log file.
    public func logFile(attemptId: Int64, fileName: String) async throws(StoreError) -> Data? {
        try await rows("SELECT data FROM task_logs WHERE attempt_id = \(attemptId) AND file_name = \(fileName)")
            .first?.get(0)
    }

    /// Inserts or replaces a secret.
    public func setSecret(projectId: Int, scope: SecretScope, key: String, secret: StoredSecret, now: Date)
        async throws(StoreError)
    {
        _ = try await rows(
            """
            INSERT INTO secrets (site_id, project_id, scope, engine, key, value, updated_at)
            VALUES (\(StorageCoding.siteId), \(projectId), \(scope.rawValue), \(secret.engine), \(key), \(secret.value),
              \(now.instant))
            ON CONFLICT (site_id, project_id, scope, key) DO UPDATE SET engine = EXCLUDED.engine,
              value = EXCLUDED.value, updated_at = EXCLUDED.updated_at
            """)
    }

    /// Deletes a secret; false when it did not exist.
    public func deleteSecret(projectId: Int, scope: SecretScope, key: String) async throws(StoreError) -> Bool {
        try await rows(
            """
            DELETE FROM secrets
            WHERE site_id = \(StorageCoding.siteId) AND project_id = \(projectId) AND scope = \(scope.rawValue)
              AND key = \(key)
            RETURNING id
            """
        ).isEmpty == false
    }

    /// Secret keys of a project in `scope`, sorted by their bytes.
    public func secretKeys(projectId: Int, scope: SecretScope) async throws(StoreError) -> [String] {
        try await rows(
            """
            SELECT key FROM secrets
            WHERE site_id = \(StorageCoding.siteId) AND project_id = \(projectId) AND scope = \(scope.rawValue)
            ORDER BY key COLLATE "C"
            """
        ).map { row throws(StoreError) in try row.get(0) }
    }

    /// One secret.
    public func secret(projectId: Int, scope: SecretScope, key: String) async throws(StoreError) -> StoredSecret? {
        try await rows(
            """
            SELECT engine, value FROM secrets
            WHERE site_id = \(StorageCoding.siteId) AND project_id = \(projectId) AND scope = \(scope.rawValue)
              AND key = \(key)
            """
        ).first.map { row throws(StoreError) in StoredSecret(engine: try row.get(0), value: try row.get(1)) }
    }
}
