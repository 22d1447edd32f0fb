import DigdagCore
import DigdagStorage
import Foundation
import GRDB

extension SQLiteStorage {
    /// Finds or creates the session, then stores the attempt and its tasks in one transaction.
    public func createAttempt(_ attempt: NewAttempt) async throws(StoreError) -> AttemptCreation {
        try await write { db in
            let sessionId: Int64
            if let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM sessions WHERE project_id = ? AND workflow_name = ? AND session_time = ?"),
                arguments: [attempt.projectId, attempt.workflowName, attempt.sessionTime])
            {
                sessionId = id
            } else {
                try db.cachedStatement(sql: """
                        INSERT INTO sessions (project_id, workflow_name, session_time, session_uuid)
                        VALUES (?, ?, ?, ?)
                        """).execute(
                    arguments: [
                        attempt.projectId, attempt.workflowName, attempt.sessionTime, UUIDText.lowercase(UUID()),
                    ])
                sessionId = db.lastInsertedRowID
            }
            let name = StorageCoding.attemptName(attempt.retryAttemptName)
            if let existing = try SQLiteColumns.fetchOne(
                db.cachedStatement(sql: StorageSQL.attemptSelect + " WHERE a.session_id = ? AND a.attempt_name = ?"),
                arguments: [sessionId, name], { row in try SQLiteRows.attempt(row) })
            {
                return .conflict(existing)
            }
            let index = try Int.fetchOne(db.cachedStatement(sql: "SELECT COALESCE(max(\"index\"), 0) + 1 FROM session_attempts WHERE session_id = ?"),
                arguments: [sessionId]) ?? 1
            try db.cachedStatement(sql: """
                    INSERT INTO session_attempts (session_id, site_id, project_id, attempt_name, workflow_definition_id,
                      state_flags, timezone, params, created_at, "index", lease_owner, lease_expires_at, resumed_results)
                    VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(
                arguments: [
                    sessionId, StorageCoding.siteId, attempt.projectId, name, attempt.workflowDefinitionId,
                    attempt.timeZone, StorageCoding.text(attempt.params), StorageCoding.millis(attempt.createdAt),
                    index, attempt.owner, attempt.leaseUntil.map(StorageCoding.millis),
                    attempt.resumedResults.isEmpty ? nil : TaskCoding.resumedResults(attempt.resumedResults),
                ])
            let attemptId = db.lastInsertedRowID
            try db.cachedStatement(sql: "UPDATE sessions SET last_attempt_id = ? WHERE id = ?").execute( arguments: [attemptId, sessionId])
            for task in attempt.tasks { try Self.insertTask(db, attemptId: attemptId, task: task) }
            if let waitsFor = attempt.waitsForSessionId {
                try db.execute(
                    sql: """
                        INSERT INTO delayed_session_attempts (id, dependent_session_id, next_run_time, updated_at)
                        VALUES (?, ?, ?, ?)
                        """,
                    arguments: [
                        attemptId, waitsFor, Int64(attempt.createdAt.timeIntervalSince1970.rounded(.down)),
                        StorageCoding.millis(attempt.createdAt),
                    ])
            }
            guard let created = try Self.attempt(db, id: attemptId) else {
                throw StorageCoding.attemptNotFound(attemptId)
            }
            return .created(created)
        }
    }

    static func attempt(_ db: Database, id: Int64) throws -> StoredAttempt? {
        let statement = try db.cachedStatement(sql: StorageSQL.attemptSelect + " WHERE a.id = ?")
        return try SQLiteColumns.fetchOne(statement, arguments: [id]) { row in try SQLiteRows.attempt(row) }
    }

    /// Sessions newest first, each with its newest attempt.
    public func sessions(_ query: ListQuery) async throws(StoreError) -> [StoredSession] {
        try await read { db in
            // `+`: no index for the site filter, so that SQLite walks sessions newest first and stops
            // at the page size instead of sorting every session of the site.
            var sql = StorageSQL.sessionSelect + " WHERE +p.site_id = ?"
            var arguments: StatementArguments = [StorageCoding.siteId]
            Self.appendFilters(query, projectColumn: "s.project_id", idColumn: "s.id", to: &sql, &arguments)
            sql += " ORDER BY s.id DESC LIMIT ?"
            arguments += [query.limit]
            return try SQLiteColumns.fetchAll(db.cachedStatement(sql: sql), arguments: arguments) { row in
                try Self.session(row)
            }
        }
    }

    /// A session by id.
    public func session(id: Int64) async throws(StoreError) -> StoredSession? {
        try await read { db in
            try SQLiteColumns.fetchOne(
                db.cachedStatement(sql: StorageSQL.sessionSelect + " WHERE s.id = ?"), arguments: [id],
                { row in try Self.session(row) })
        }
    }

    private static func session(_ row: SQLiteColumns) throws(StoreError) -> StoredSession {
        let uuidText = row.text(4)
        guard let uuid = UUIDText.parse(uuidText) else {
            throw StoreError(.database, "Stored session UUID is broken: \(uuidText)")
        }
        let id = row.int64(0)
        let projectId = row.int(1)
        let projectName = row.text(2)
        let workflowName = row.text(3)
        let sessionTime = row.int64(5)
        let lastAttempt =
            row.isNull(6)
            ? nil
            : StoredAttempt(
                id: row.int64(6), index: row.int(7), sessionId: id, sessionUUID: uuid, projectId: projectId,
                projectName: projectName, workflowName: workflowName, workflowDefinitionId: row.optionalInt64(8),
                sessionTime: sessionTime, timeZone: row.text(9),
                retryAttemptName: StorageCoding.retryAttemptName(row.text(10)), flags: AttemptFlags(rawValue: row.int(11)),
                params: try StorageCoding.config(row.text(12)), createdAt: row.date(13) ?? Date(timeIntervalSince1970: 0),
                finishedAt: row.date(14))
        return StoredSession(
            id: id, projectId: projectId, projectName: projectName, workflowName: workflowName, sessionUUID: uuid,
            sessionTime: sessionTime, lastAttempt: lastAttempt)
    }

    private static func appendFilters(
        _ query: ListQuery, projectColumn: String, idColumn: String, to sql: inout String,
        _ arguments: inout StatementArguments
    ) {
        if let projectId = query.projectId {
            sql += " AND \(projectColumn) = ?"
            arguments += [projectId]
        }
        if let workflowName = query.workflowName {
            sql += " AND s.workflow_name = ?"
            arguments += [workflowName]
        }
        if let beforeId = query.beforeId {
            sql += " AND \(idColumn) < ?"
            arguments += [beforeId]
        }
    }

    /// Attempts newest first; unless `includeRetried`, only each session's newest attempt.
    public func attempts(_ query: ListQuery, includeRetried: Bool) async throws(StoreError) -> [StoredAttempt] {
        try await read { db in
            var sql = StorageSQL.attemptSelect + " WHERE a.site_id = ?"
            var arguments: StatementArguments = [StorageCoding.siteId]
            if !includeRetried { sql += " AND s.last_attempt_id = a.id" }
            Self.appendFilters(query, projectColumn: "a.project_id", idColumn: "a.id", to: &sql, &arguments)
            sql += " ORDER BY a.id DESC LIMIT ?"
            arguments += [query.limit]
            return try SQLiteColumns.fetchAll(db.cachedStatement(sql: sql), arguments: arguments) { row in
                try SQLiteRows.attempt(row)
            }
        }
    }

    /// Attempts of one session, newest first.
    public func attempts(sessionId: Int64, beforeId: Int64?, limit: Int) async throws(StoreError) -> [StoredAttempt] {
        try await read { db in
            var sql = StorageSQL.attemptSelect + " WHERE a.session_id = ?"
            var arguments: StatementArguments = [sessionId]
            if let beforeId {
                sql += " AND a.id < ?"
                arguments += [beforeId]
            }
            sql += " ORDER BY a.id DESC LIMIT ?"
            arguments += [limit]
            return try SQLiteColumns.fetchAll(db.cachedStatement(sql: sql), arguments: arguments) { row in
                try SQLiteRows.attempt(row)
            }
        }
    }

    /// An attempt by id.
    public func attempt(id: Int64) async throws(StoreError) -> StoredAttempt? {
        try await read { db in try Self.attempt(db, id: id) }
    }

    /// How many attempts are not done.
    public func activeAttemptCount() async throws(StoreError) -> Int {
        try await read { db in
            try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM session_attempts WHERE (state_flags & 2) = 0")) ?? 0
        }
    }

    /// How many unfinished attempts nobody holds wait for another session (backfill slots).
    public func waitingAttemptCount() async throws(StoreError) -> Int {
        try await read { db in
            try Int.fetchOne(db.cachedStatement(sql: StorageSQL.waitingAttemptCount)) ?? 0
        }
    }
}
