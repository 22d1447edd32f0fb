import DigdagStorage
import Foundation
import PostgresNIO

extension PostgresStorage {
    /// Applies `putRevision`'s schedule changes (see `SchedulePlan`) inside its transaction (which
    /// holds the project row, so concurrent pushes of one project apply them one after another).
    func updateSchedules(
        _ connection: PostgresConnection, projectId: Int, definitions: [(name: String, id: Int64)],
        schedules: [String: ScheduleTimes], now: Date
    ) async throws {
        let existing = try await rows(
            connection,
            """
            SELECT sc.id, wd.name FROM schedules sc
            JOIN workflow_definitions wd ON wd.id = sc.workflow_definition_id
            WHERE sc.project_id = \(projectId)
            """
        ).map { row throws(StoreError) in (id: try row.get(0, as: Int.self), workflowName: try row.get(1, as: String.self)) }
        if existing.isEmpty && schedules.isEmpty { return }
        let plan = try SchedulePlan(existing: existing, definitions: definitions, schedules: schedules)
        if !plan.deletes.isEmpty {
            try await connection.query("DELETE FROM schedules WHERE id = ANY(\(plan.deletes))", logger: logger)
        }
        for chunk in plan.updates.chunks(of: Self.scheduleBatchSize) {
            try await connection.query(try Self.updateSchedulesQuery(chunk, now: now), logger: logger)
        }
        for chunk in plan.inserts.chunks(of: Self.scheduleBatchSize) {
            var statement = PostgresStatement("""
                INSERT INTO schedules (project_id, workflow_definition_id, next_run_time, next_schedule_time,
                  last_session_time, created_at, updated_at)
                VALUES
                """)
            for (offset, insert) in chunk.enumerated() {
                statement.append(offset == 0 ? " " : ", ")
                statement.row { bindings in
                    bindings.append(projectId)
                    bindings.append(insert.workflowDefinitionId)
                    bindings.append(insert.times.nextRunTime)
                    bindings.append(insert.times.nextScheduleTime)
                    bindings.append(insert.times.lastSessionTime)
                    bindings.append(now.instant)
                    bindings.append(now.instant)
                }
            }
            try await connection.query(statement.query, logger: logger)
        }
    }

    /// Rows per multi-row schedule statement (at most 7 parameters each).
    private static let scheduleBatchSize = 500

    /// One `UPDATE ... FROM (VALUES ...)` repointing kept schedules; a VALUES column of only NULL
    /// parameters would be `text`, hence the cast.
    private static func updateSchedulesQuery(_ updates: ArraySlice<SchedulePlan.Update>, now: Date) throws
        -> PostgresQuery
    {
        var statement = PostgresStatement("UPDATE schedules AS sc SET workflow_definition_id = v.definition_id, ")
        statement.append("next_run_time = v.next_run_time, next_schedule_time = v.next_schedule_time, ")
        statement.append("last_session_time = v.last_session_time::bigint, updated_at = ")
        try statement.bind(now.instant)
        statement.append(" FROM (VALUES")
        for (offset, update) in updates.enumerated() {
            statement.append(offset == 0 ? " " : ", ")
            statement.row { bindings in
                bindings.append(update.id)
                bindings.append(update.workflowDefinitionId)
                bindings.append(update.times.nextRunTime)
                bindings.append(update.times.nextScheduleTime)
                bindings.append(update.times.lastSessionTime)
            }
        }
        statement.append("""
            ) AS v (id, definition_id, next_run_time, next_schedule_time, last_session_time)
            WHERE sc.id = v.id
            """)
        return statement.query
    }

    /// Schedules by id (`id > afterId`), optionally of one project and workflow name.
    public func schedules(afterId: Int?, limit: Int, projectId: Int?, workflowName: String?) async throws(StoreError)
        -> [StoredSchedule]
    {
        try await connection { connection in
            var statement = PostgresStatement(StorageSQL.scheduleSelect)
            if let afterId {
                statement.append(" AND sc.id > ")
                try statement.bind(afterId)
            }
            if let projectId {
                statement.append(" AND sc.project_id = ")
                try statement.bind(projectId)
            }
            if let workflowName {
                statement.append(" AND wd.name = ")
                try statement.bind(workflowName)
            }
            statement.append(" ORDER BY sc.id LIMIT ")
            try statement.bind(limit)
            return try await self.rows(connection, statement.query).map(PostgresRows.schedule)
        }
    }

    /// One schedule, nil if missing (or its project is deleted).
    public func schedule(id: Int) async throws(StoreError) -> StoredSchedule? {
        try await rows("\(unescaped: StorageSQL.scheduleSelect) AND sc.id = \(id)").first.map(PostgresRows.schedule)
    }

    /// `dueSchedules`: a range of the partial index `schedules_enabled_on_next_run_time`, in its order.
    private static func dueSchedulesQuery(now: Int64, limit: Int) -> PostgresQuery {
        """
        \(unescaped: StorageSQL.scheduleSelect) AND sc.disabled_at IS NULL AND sc.next_run_time <= \(now)
        ORDER BY sc.next_run_time, sc.id LIMIT \(limit)
        """
    }

    /// Enabled schedules whose `next_run_time <= now`, earliest first (then by id).
    public func dueSchedules(now: Int64, limit: Int) async throws(StoreError) -> [StoredSchedule] {
        try await rows(Self.dueSchedulesQuery(now: now, limit: limit)).map(PostgresRows.schedule)
    }

    /// The query plans (`EXPLAIN` lines) of `earliestRunTime()` and `dueSchedules(now:limit:)`,
    /// for tests that check the scheduler's index is used.
    package func schedulerQueryPlans(now: Int64) async throws(StoreError) -> [String] {
        let due = Self.dueSchedulesQuery(now: now, limit: 100)
        let earliest = try await rows("EXPLAIN \(unescaped: StorageSQL.earliestRunTime)")
        let plan = try await rows(PostgresQuery(unsafeSQL: "EXPLAIN " + due.sql, binds: due.binds))
        return try (earliest + plan).map { row throws(StoreError) in try row.get(0, as: String.self) }
    }

    /// The earliest `next_run_time` among enabled schedules, nil when there are none.
    public func earliestRunTime() async throws(StoreError) -> Int64? {
        try await rows("\(unescaped: StorageSQL.earliestRunTime)").first?.get(0)
    }

    /// Moves a schedule to `times` only if its `next_schedule_time` still is `expectedScheduleTime`.
    public func advanceSchedule(id: Int, expectedScheduleTime: Int64, to times: ScheduleTimes, now: Date)
        async throws(StoreError) -> Bool
    {
        try await rows(
            """
            UPDATE schedules SET next_run_time = \(times.nextRunTime), next_schedule_time = \(times.nextScheduleTime),
              last_session_time = \(times.lastSessionTime), updated_at = \(now.instant)
            WHERE id = \(id) AND next_schedule_time = \(expectedScheduleTime)
            RETURNING id
            """
        ).isEmpty == false
    }

    /// Sets (`Date`) or clears (nil) `disabled_at`; returns the updated row (nil if missing).
    public func setScheduleDisabled(id: Int, at: Date?, now: Date) async throws(StoreError) -> StoredSchedule? {
        try await transaction { connection in
            try await connection.query(
                "UPDATE schedules SET disabled_at = \(at.instant), updated_at = \(now.instant) WHERE id = \(id)",
                logger: self.logger)
            return try await self.row(connection, "\(unescaped: StorageSQL.scheduleSelect) AND sc.id = \(id)")
                .map(PostgresRows.schedule)
        }
    }

    /// Whether any attempt of the workflow (project + name) is not done.
    public func hasRunningAttempt(projectId: Int, workflowName: String) async throws(StoreError) -> Bool {
        try await rows(
            """
            SELECT EXISTS (
              SELECT 1 FROM session_attempts a JOIN sessions s ON s.id = a.session_id
              WHERE (a.state_flags & 2) = 0 AND a.project_id = \(projectId) AND s.workflow_name = \(workflowName))
            """
        ).first?.get(0) ?? false
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    fileprivate func chunks(of size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
