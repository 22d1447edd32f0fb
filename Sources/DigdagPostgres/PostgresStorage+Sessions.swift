import DigdagCore
import DigdagStorage
import Foundation
import PostgresNIO

extension PostgresStorage {
    /// Finds or creates the session, then stores the attempt and its tasks and reads the attempt
    /// back, in one statement (`digdag_start_attempt`).
    public func createAttempt(_ attempt: NewAttempt) async throws(StoreError) -> AttemptCreation {
        defer { sessionsChanged() }
        do {
            return try await connection { connection in
                for try await (created, stored) in try await connection.execute(
                    PostgresAttemptStatements.StartAttempt(attempt: attempt), logger: self.logger)
                {
                    return created ? .created(stored) : .conflict(stored)
                }
                throw StoreError(.database, "digdag_start_attempt returned no attempt")
            }
        } catch where error.code == .conflict {
            // Another node created the same (session, attempt name) at the same moment.
            let name = StorageCoding.attemptName(attempt.retryAttemptName)
            let existing = try await rows(
                """
                \(unescaped: StorageSQL.attemptSelect)
                WHERE s.project_id = \(attempt.projectId) AND s.workflow_name = \(attempt.workflowName)
                  AND s.session_time = \(attempt.sessionTime) AND a.attempt_name = \(name)
                """, PostgresRows.attempt
            ).first
            guard let existing else { throw error }
            return .conflict(existing)
        }
    }

    /// One attempt by id on `connection` (a prepared statement).
    func attempt(_ connection: PostgresConnection, id: Int64) async throws -> StoredAttempt? {
        for try await attempt in try await connection.execute(
            PostgresAttemptStatements.AttemptById(id: id), logger: logger)
        {
            return attempt
        }
        return nil
    }

    /// Sessions newest first, each with its newest attempt. A first page (what consoles and
    /// dashboards poll) read before is answered from memory while the listening connection has
    /// heard of no change since (`sessionPages`); later pages are read once, kept nowhere.
    public func sessions(_ query: ListQuery) async throws(StoreError) -> [StoredSession] {
        guard query.beforeId == nil else { return try await readSessions(query) }
        return try await sessionPages.value(for: query) { () async throws(StoreError) in try await readSessions(query) }
    }

    private func readSessions(_ query: ListQuery) async throws(StoreError) -> [StoredSession] {
        try await connection { connection in
            if query.projectId == nil, query.workflowName == nil {
                let statement = PostgresListStatements.Sessions(beforeId: query.beforeId ?? Int64.max, limit: query.limit)
                var sessions: [StoredSession] = []
                for try await session in try await connection.execute(statement, logger: self.logger) {
                    sessions.append(session)
                }
                return sessions
            }
            var statement = PostgresStatement(StorageSQL.sessionSelect + " WHERE p.site_id = ")
            try statement.bind(StorageCoding.siteId)
            try Self.appendFilters(query, projectColumn: "s.project_id", idColumn: "s.id", to: &statement)
            statement.append(" ORDER BY s.id DESC LIMIT ")
            try statement.bind(query.limit)
            return try await self.rows(connection, statement.query, PostgresRows.session)
        }
    }

    /// A session by id.
    public func session(id: Int64) async throws(StoreError) -> StoredSession? {
        try await rows("\(unescaped: StorageSQL.sessionSelect) WHERE s.id = \(id)", PostgresRows.session).first
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
            return try await self.rows(connection, statement.query, PostgresRows.attempt)
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
            return try await self.rows(connection, statement.query, PostgresRows.attempt)
        }
    }

    /// An attempt by id.
    public func attempt(id: Int64) async throws(StoreError) -> StoredAttempt? {
        try await connection { connection in try await self.attempt(connection, id: id) }
    }

    /// How many attempts are not done.
    public func activeAttemptCount() async throws(StoreError) -> Int {
        try await rows("SELECT count(*) FROM session_attempts WHERE (state_flags & 2) = 0").first?.get(0) ?? 0
    }

    /// How many unfinished attempts nobody holds wait for another session (backfill slots).
    public func waitingAttemptCount() async throws(StoreError) -> Int {
        try await rows("\(unescaped: StorageSQL.waitingAttemptCount)").first?.get(0) ?? 0
    }

    /// The workflow, its project's deletion time and the unfinished attempts, in one prepared query.
    public func attemptStartFacts(workflowId: Int64) async throws(StoreError) -> AttemptStartFacts? {
        try await connection { connection in
            for try await facts in try await connection.execute(
                PostgresAttemptStatements.StartFacts(workflowId: workflowId), logger: self.logger)
            {
                return facts
            }
            return nil
        }
    }
}
