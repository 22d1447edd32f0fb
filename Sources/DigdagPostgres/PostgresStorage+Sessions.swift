import DigdagCore
import DigdagStorage
import Foundation
import PostgresNIO

extension PostgresStorage {
    /// Finds or creates the session, then stores the attempt and its tasks in one transaction.
    public func createAttempt(_ attempt: NewAttempt) async throws(StoreError) -> AttemptCreation {
        do {
            return try await transaction { connection in try await self.createAttempt(connection, attempt) }
        } catch where error.code == .conflict {
            // Another node created the same (session, attempt name) at the same moment.
            let name = StorageCoding.attemptName(attempt.retryAttemptName)
            let existing = try await rows(
                """
                \(unescaped: StorageSQL.attemptSelect)
                WHERE s.project_id = \(attempt.projectId) AND s.workflow_name = \(attempt.workflowName)
                  AND s.session_time = \(attempt.sessionTime) AND a.attempt_name = \(name)
                """
            ).first.map { row throws(StoreError) in try PostgresRows.attempt(row) }
            guard let existing else { throw error }
            return .conflict(existing)
        }
    }

    private func createAttempt(_ connection: PostgresConnection, _ attempt: NewAttempt) async throws -> AttemptCreation {
        let sessionId = try await lockSession(connection, attempt)
        let name = StorageCoding.attemptName(attempt.retryAttemptName)
        if let row = try await row(
            connection,
            "\(unescaped: StorageSQL.attemptSelect) WHERE a.session_id = \(sessionId) AND a.attempt_name = \(name)")
        {
            return .conflict(try PostgresRows.attempt(row))
        }
        let index: Int = try await row(
            connection, "SELECT COALESCE(max(\"index\"), 0) + 1 FROM session_attempts WHERE session_id = \(sessionId)"
        )!.get(0)
        let resumed = attempt.resumedResults.isEmpty ? nil : TaskCoding.resumedResults(attempt.resumedResults)
        let attemptId: Int64 = try await row(
            connection,
            """
            INSERT INTO session_attempts (session_id, site_id, project_id, attempt_name, workflow_definition_id,
              state_flags, timezone, params, created_at, "index", lease_owner, lease_expires_at, resumed_results)
            VALUES (\(sessionId), \(StorageCoding.siteId), \(attempt.projectId), \(name), \(attempt.workflowDefinitionId),
              0, \(attempt.timeZone), \(StorageCoding.text(attempt.params)), \(attempt.createdAt.instant), \(index),
              \(attempt.owner), \(attempt.leaseUntil.instant), \(resumed))
            RETURNING id
            """)!.get(0)
        try await connection.query(
            "UPDATE sessions SET last_attempt_id = \(attemptId) WHERE id = \(sessionId)", logger: logger)
        try await insertTasks(connection, attemptId: attemptId, tasks: attempt.tasks)
        guard let row = try await row(connection, "\(unescaped: StorageSQL.attemptSelect) WHERE a.id = \(attemptId)")
        else { throw StorageCoding.attemptNotFound(attemptId) }
        return .created(try PostgresRows.attempt(row))
    }

    /// The id of the attempt's session, created when missing, locked until the transaction ends.
    private func lockSession(_ connection: PostgresConnection, _ attempt: NewAttempt) async throws -> Int64 {
        let select: PostgresQuery = """
            SELECT id FROM sessions
            WHERE project_id = \(attempt.projectId) AND workflow_name = \(attempt.workflowName)
              AND session_time = \(attempt.sessionTime)
            FOR UPDATE
            """
        if let row = try await row(connection, select) { return try row.get(0) }
        let inserted = try await row(
            connection,
            """
            INSERT INTO sessions (project_id, workflow_name, session_time, session_uuid)
            VALUES (\(attempt.projectId), \(attempt.workflowName), \(attempt.sessionTime), \(UUID()))
            ON CONFLICT (project_id, workflow_name, session_time) DO NOTHING
            RETURNING id
            """)
        if let inserted { return try inserted.get(0) }
        // A concurrent transaction inserted it first and has committed by now.
        guard let row = try await row(connection, select) else {
            throw StoreError(.database, "Session of \(attempt.workflowName) vanished")
        }
        return try row.get(0)
    }

    /// Sessions newest first, each with its newest attempt.
    public func sessions(_ query: ListQuery) async throws(StoreError) -> [StoredSession] {
        try await connection { connection in
            if query.projectId == nil, query.workflowName == nil {
                let statement = PostgresListStatements.Sessions(beforeId: query.beforeId ?? Int64.max, limit: query.limit)
                var rows: [PostgresRows.Row] = []
                for try await row in try await connection.execute(statement, logger: self.logger) { rows.append(row) }
                return try rows.map(PostgresRows.session)
            }
            var statement = PostgresStatement(StorageSQL.sessionSelect + " WHERE p.site_id = ")
            try statement.bind(StorageCoding.siteId)
            try Self.appendFilters(query, projectColumn: "s.project_id", idColumn: "s.id", to: &statement)
            statement.append(" ORDER BY s.id DESC LIMIT ")
            try statement.bind(query.limit)
            return try await self.rows(connection, statement.query).map(PostgresRows.session)
        }
    }

    /// A session by id.
    public func session(id: Int64) async throws(StoreError) -> StoredSession? {
        try await rows("\(unescaped: StorageSQL.sessionSelect) WHERE s.id = \(id)").first.map(PostgresRows.session)
    }

    private static func appendFilters(
        _ query: ListQuery, projectColumn: String, idColumn: String, to statement: inout PostgresStatement
    ) throws {
        if let projectId = query.projectId {
            statement.append(" AND \(projectColumn) = ")
            try statement.bind(projectId)
        }
        if let workflowName = query.workflowName {
            statement.append(" AND s.workflow_name = ")
            try statement.bind(workflowName)
        }
        if let beforeId = query.beforeId {
            statement.append(" AND \(idColumn) < ")
            try statement.bind(beforeId)
        }
    }

    /// Attempts newest first; unless `includeRetried`, only each session's newest attempt.
    public func attempts(_ query: ListQuery, includeRetried: Bool) async throws(StoreError) -> [StoredAttempt] {
        try await connection { connection in
            var statement = PostgresStatement(StorageSQL.attemptSelect + " WHERE a.site_id = ")
            try statement.bind(StorageCoding.siteId)
            if !includeRetried { statement.append(" AND s.last_attempt_id = a.id") }
            try Self.appendFilters(query, projectColumn: "a.project_id", idColumn: "a.id", to: &statement)
            statement.append(" ORDER BY a.id DESC LIMIT ")
            try statement.bind(query.limit)
            return try await self.rows(connection, statement.query).map { row throws(StoreError) in
                try PostgresRows.attempt(row)
            }
        }
    }

    /// Attempts of one session, newest first.
    public func attempts(sessionId: Int64, beforeId: Int64?, limit: Int) async throws(StoreError) -> [StoredAttempt] {
        try await connection { connection in
            var statement = PostgresStatement(StorageSQL.attemptSelect + " WHERE a.session_id = ")
            try statement.bind(sessionId)
            if let beforeId {
                statement.append(" AND a.id < ")
                try statement.bind(beforeId)
            }
            statement.append(" ORDER BY a.id DESC LIMIT ")
            try statement.bind(limit)
            return try await self.rows(connection, statement.query).map { row throws(StoreError) in
                try PostgresRows.attempt(row)
            }
        }
    }

    /// An attempt by id.
    public func attempt(id: Int64) async throws(StoreError) -> StoredAttempt? {
        try await rows("\(unescaped: StorageSQL.attemptSelect) WHERE a.id = \(id)").first.map { row throws(StoreError) in
            try PostgresRows.attempt(row)
        }
    }

    /// How many attempts are not done.
    public func activeAttemptCount() async throws(StoreError) -> Int {
        try await rows("SELECT count(*) FROM session_attempts WHERE (state_flags & 2) = 0").first?.get(0) ?? 0
    }
}
