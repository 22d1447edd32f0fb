import DigdagCore
import DigdagStorage
import Foundation
import PostgresNIO

extension PostgresStorage {
    /// Rows per multi-row statement (9 parameters each, far below the 65535 limit).
    private static let updateBatchSize = 500

    /// Upserts changed tasks by (attempt, local id) and optionally finishes the attempt, in one
    /// transaction; with `lease`, only while that lease holds the attempt (`.leaseLost` otherwise).
    public func saveTasks(attemptId: Int64, changed: [AttemptTask], finish: AttemptFinish?, lease: AttemptLease?)
        async throws(StoreError)
    {
        let lost = try await saveTaskBatch([TaskSave(attemptId: attemptId, changed: changed, finish: finish, lease: lease)])
        if lost.contains(attemptId) { throw StorageCoding.leaseLost(attemptId) }
    }

    /// Several attempts' changes in one transaction: one lease check (`FOR SHARE`, so no claim
    /// slips in before the commit), one multi-row update, one insert of new tasks and one update
    /// of finished attempts, whatever the number of attempts.
    public func saveTaskBatch(_ saves: [TaskSave]) async throws(StoreError) -> Set<Int64> {
        guard !saves.isEmpty else { return [] }
        return try await transaction { connection in
            let lost = try await self.lostLeases(connection, saves.filter { $0.lease != nil })
            let kept = saves.filter { !lost.contains($0.attemptId) }
            let rows = Self.latestChanges(kept)
            var updated: Set<TaskKey> = []
            var start = 0
            while start < rows.count {
                let chunk = rows[start..<min(start + Self.updateBatchSize, rows.count)]
                for row in try await self.rows(connection, Self.updateStatement(chunk)) {
                    updated.insert(TaskKey(attemptId: try row.get(0), localId: try row.get(1)))
                }
                start += Self.updateBatchSize
            }
            try await self.insertTasks(
                connection, rows: rows.filter { !updated.contains(TaskKey(attemptId: $0.attemptId, localId: $0.task.id)) })
            try await self.finishAttempts(connection, kept.compactMap { save in save.finish.map { (save.attemptId, $0) } })
            return lost
        }
    }

    private struct TaskKey: Hashable {
        let attemptId: Int64
        let localId: Int64
    }

    /// Each attempt's changed tasks, the last change of a task only.
    private static func latestChanges(_ saves: [TaskSave]) -> [(attemptId: Int64, task: AttemptTask)] {
        var rows: [(attemptId: Int64, task: AttemptTask)] = []
        for save in saves {
            var latest: [Int64: Int] = [:]
            for (index, task) in save.changed.enumerated() { latest[task.id] = index }
            for (index, task) in save.changed.enumerated() where latest[task.id] == index {
                rows.append((save.attemptId, task))
            }
        }
        return rows
    }

    /// The attempts of `saves` whose lease no longer holds; locks the others against claims.
    private func lostLeases(_ connection: PostgresConnection, _ saves: [TaskSave]) async throws -> Set<Int64> {
        guard !saves.isEmpty else { return [] }
        let ids = saves.map(\.attemptId)
        let owners = saves.map { $0.lease?.owner ?? "" }
        let epochs = saves.map { $0.lease?.epoch ?? -1 }
        let held: [Int64] = try await rows(
            connection,
            """
            SELECT a.id FROM session_attempts AS a
            JOIN unnest(\(ids)::bigint[], \(owners)::text[], \(epochs)::bigint[]) AS l (id, owner, epoch)
              ON a.id = l.id AND a.lease_owner = l.owner AND a.lease_epoch = l.epoch
            FOR SHARE OF a
            """
        ).map { try $0.get(0) }
        return Set(ids).subtracting(held)
    }

    /// Marks attempts done (flags and finish time) in one statement.
    private func finishAttempts(_ connection: PostgresConnection, _ finishes: [(Int64, AttemptFinish)]) async throws {
        guard !finishes.isEmpty else { return }
        let ids = finishes.map(\.0)
        let flags = finishes.map { finish in
            var flags: AttemptFlags = .done
            if finish.1.success { flags.insert(.success) }
            return Int64(flags.rawValue)
        }
        let times = finishes.map { $0.1.finishedAt.instant }
        let finished: [Int64] = try await rows(
            connection,
            """
            UPDATE session_attempts AS a SET state_flags = a.state_flags | f.flags::integer, finished_at = f.finished_at,
              lease_owner = NULL, lease_expires_at = NULL
            FROM unnest(\(ids)::bigint[], \(flags)::bigint[], \(times)::timestamptz[]) AS f (id, flags, finished_at)
            WHERE a.id = f.id
            RETURNING a.id
            """
        ).map { try $0.get(0) }
        if let missing = Set(ids).subtracting(finished).first { throw StorageCoding.attemptNotFound(missing) }
    }

    /// One `UPDATE ... FROM (VALUES ...)` of the mutable columns; returns the (attempt, local id)
    /// pairs it found. NULL parameters are untyped, so a VALUES column of only NULLs is `text`:
    /// hence the casts.
    private static func updateStatement(_ rows: ArraySlice<(attemptId: Int64, task: AttemptTask)>) -> PostgresQuery {
        var statement = PostgresStatement("""
            UPDATE tasks AS t SET state = v.state, state_flags = v.state_flags, retry_count = v.retry_count,
              retry_at = v.retry_at::timestamptz, started_at = v.started_at::timestamptz,
              updated_at = v.updated_at::timestamptz, state_details = v.state_details
            FROM (VALUES
            """)
        for (offset, (attemptId, task)) in rows.enumerated() {
            statement.append(offset == 0 ? " " : ", ")
            statement.row { bindings in
                bindings.append(attemptId)
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
            ) AS v (attempt_id, local_id, state, state_flags, retry_count, retry_at, started_at, updated_at, state_details)
            WHERE t.attempt_id = v.attempt_id AND t.local_id = v.local_id RETURNING t.attempt_id, t.local_id
            """)
        return statement.query
    }
}
