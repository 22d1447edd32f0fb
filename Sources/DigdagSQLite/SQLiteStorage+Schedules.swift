import DigdagStorage
import Foundation
import GRDB

extension SQLiteStorage {
    /// Applies `putRevision`'s schedule changes (see `SchedulePlan`) inside its transaction.
    static func updateSchedules(
        _ db: Database, projectId: Int, definitions: [(name: String, id: Int64)], schedules: [String: ScheduleTimes],
        now: Date
    ) throws {
        let existing = try Row.fetchAll(
            db,
            sql: """
                SELECT sc.id, wd.name FROM schedules sc
                JOIN workflow_definitions wd ON wd.id = sc.workflow_definition_id
                WHERE sc.project_id = ?
                """,
            arguments: [projectId]
        ).map { row in (id: row[0] as Int, workflowName: row[1] as String) }
        if existing.isEmpty && schedules.isEmpty { return }
        let plan = try SchedulePlan(existing: existing, definitions: definitions, schedules: schedules)
        let millis = StorageCoding.millis(now)
        for id in plan.deletes {
            try db.cachedStatement(sql: "DELETE FROM schedules WHERE id = ?").execute( arguments: [id])
        }
        let update = try db.cachedStatement(sql: """
            UPDATE schedules SET workflow_definition_id = ?, next_run_time = ?, next_schedule_time = ?,
              last_session_time = ?, updated_at = ?
            WHERE id = ?
            """)
        for change in plan.updates {
            try update.execute(
                arguments: [
                    change.workflowDefinitionId, change.times.nextRunTime, change.times.nextScheduleTime,
                    change.times.lastSessionTime, millis, change.id,
                ])
        }
        let insert = try db.cachedStatement(sql: """
            INSERT INTO schedules (project_id, workflow_definition_id, next_run_time, next_schedule_time,
              last_session_time, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for row in plan.inserts {
            try insert.execute(
                arguments: [
                    projectId, row.workflowDefinitionId, row.times.nextRunTime, row.times.nextScheduleTime,
                    row.times.lastSessionTime, millis, millis,
                ])
        }
    }

    /// Schedules by id (`id > afterId`), optionally of one project and workflow name.
    public func schedules(afterId: Int?, limit: Int, projectId: Int?, workflowName: String?) async throws(StoreError)
        -> [StoredSchedule]
    {
        try await read { db in
            var sql = StorageSQL.scheduleSelect
            var arguments: StatementArguments = []
            if let afterId {
                sql += " AND sc.id > ?"
                arguments += [afterId]
            }
            if let projectId {
                sql += " AND sc.project_id = ?"
                arguments += [projectId]
            }
            if let workflowName {
                sql += " AND wd.name = ?"
                arguments += [workflowName]
            }
            sql += " ORDER BY sc.id LIMIT ?"
            arguments += [limit]
            return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map { row throws(StoreError) in
                try SQLiteRows.schedule(row)
            }
        }
    }

    /// One schedule, nil if missing (or its project is deleted).
    public func schedule(id: Int) async throws(StoreError) -> StoredSchedule? {
        try await read { db in try Self.schedule(db, id: id) }
    }

    private static func schedule(_ db: Database, id: Int) throws -> StoredSchedule? {
        try Row.fetchOne(db.cachedStatement(sql: StorageSQL.scheduleSelect + " AND sc.id = ?"), arguments: [id])
            .map { row throws(StoreError) in try SQLiteRows.schedule(row) }
    }

    /// `dueSchedules`: a range of the partial index `schedules_enabled_on_next_run_time`, in its order.
    private static let dueSchedulesSQL = StorageSQL.scheduleSelect + """
         AND sc.disabled_at IS NULL AND sc.next_run_time <= ?
        ORDER BY sc.next_run_time, sc.id LIMIT ?
        """

    /// Enabled schedules whose `next_run_time <= now`, earliest first (then by id).
    public func dueSchedules(now: Int64, limit: Int) async throws(StoreError) -> [StoredSchedule] {
        try await read { db in
            let statement = try db.cachedStatement(sql: Self.dueSchedulesSQL)
            return try Row.fetchAll(statement, arguments: [now, limit]).map { row throws(StoreError) in
                try SQLiteRows.schedule(row)
            }
        }
    }

    /// The query plans (`EXPLAIN QUERY PLAN` lines) of `earliestRunTime()` and
    /// `dueSchedules(now:limit:)`, for tests that check the scheduler's index is used.
    package func schedulerQueryPlans(now: Int64) async throws(StoreError) -> [String] {
        try await read { db in
            let earliest = try Row.fetchAll(db.cachedStatement(sql: "EXPLAIN QUERY PLAN " + StorageSQL.earliestRunTime))
            let due = try Row.fetchAll(db.cachedStatement(sql: "EXPLAIN QUERY PLAN " + Self.dueSchedulesSQL), arguments: [now, 100])
            return (earliest + due).map { row in row["detail"] as String? ?? "" }
        }
    }

    /// The earliest `next_run_time` among enabled schedules, nil when there are none.
    public func earliestRunTime() async throws(StoreError) -> Int64? {
        try await read { db in
            try Int64.fetchOne(db.cachedStatement(sql: StorageSQL.earliestRunTime))
        }
    }

    /// Moves a schedule to `times` only if its `next_schedule_time` still is `expectedScheduleTime`.
    public func advanceSchedule(id: Int, expectedScheduleTime: Int64, to times: ScheduleTimes, now: Date)
        async throws(StoreError) -> Bool
    {
        try await write { db in
            try db.cachedStatement(sql: """
                    UPDATE schedules SET next_run_time = ?, next_schedule_time = ?, last_session_time = ?, updated_at = ?
                    WHERE id = ? AND next_schedule_time = ?
                    """).execute(
                arguments: [
                    times.nextRunTime, times.nextScheduleTime, times.lastSessionTime, StorageCoding.millis(now), id,
                    expectedScheduleTime,
                ])
            return db.changesCount > 0
        }
    }

    /// Sets (`Date`) or clears (nil) `disabled_at`; returns the updated row (nil if missing).
    public func setScheduleDisabled(id: Int, at: Date?, now: Date) async throws(StoreError) -> StoredSchedule? {
        try await write { db in
            try db.cachedStatement(sql: "UPDATE schedules SET disabled_at = ?, updated_at = ? WHERE id = ?").execute(
                arguments: [at.map(StorageCoding.millis), StorageCoding.millis(now), id])
            return try Self.schedule(db, id: id)
        }
    }

    /// Whether any attempt of the workflow (project + name) is not done: a walk over the unfinished
    /// attempts (few), not over the project's history (SQLite would pick the project index).
    public func hasRunningAttempt(projectId: Int, workflowName: String) async throws(StoreError) -> Bool {
        try await read { db in
            try Bool.fetchOne(
                db,
                sql: """
                    SELECT EXISTS (
                      SELECT 1 FROM session_attempts a INDEXED BY session_attempts_unfinished
                      JOIN sessions s ON s.id = a.session_id
                      WHERE (a.state_flags & 2) = 0 AND a.project_id = ? AND s.workflow_name = ?)
                    """,
                arguments: [projectId, workflowName]) ?? false
        }
    }
}
