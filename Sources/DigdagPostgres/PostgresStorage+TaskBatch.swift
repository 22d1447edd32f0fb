import DigdagCore
import DigdagStorage
import Foundation
import PostgresNIO

extension PostgresStorage {
    /// Upserts changed tasks by (attempt, local id) and optionally finishes the attempt, in one
    /// transaction; with `lease`, only while that lease holds the attempt (`.leaseLost` otherwise).
    public func saveTasks(attemptId: Int64, changed: [AttemptTask], finish: AttemptFinish?, lease: AttemptLease?)
        async throws(StoreError)
    {
        let lost = try await saveTaskBatch([TaskSave(attemptId: attemptId, changed: changed, finish: finish, lease: lease)])
        if lost.contains(attemptId) { throw StorageCoding.leaseLost(attemptId) }
    }

    /// Several attempts' changes in one transaction: one lease check (`FOR SHARE`, so no claim
    /// slips in before the commit), one update of all changed tasks, one insert of new tasks and
    /// one update of finished attempts, whatever the number of attempts; the first two are named
    /// prepared statements (`PostgresTaskStatements`).
    public func saveTaskBatch(_ saves: [TaskSave]) async throws(StoreError) -> Set<Int64> {
        guard !saves.isEmpty else { return [] }
        return try await transaction { connection in
            let lost = try await self.lostLeases(connection, saves.filter { $0.lease != nil })
            let kept = saves.filter { !lost.contains($0.attemptId) }
            let rows = Self.latestChanges(kept)
            var updated: Set<TaskKey> = []
            if !rows.isEmpty {
                for try await (attemptId, localId) in try await connection.execute(
                    PostgresTaskStatements.UpdateTasks(rows), logger: self.logger)
                {
                    updated.insert(TaskKey(attemptId: attemptId, localId: localId))
                }
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
        let statement = PostgresTaskStatements.HeldLeases(
            ids: ids, owners: saves.map { $0.lease?.owner ?? "" }, epochs: saves.map { $0.lease?.epoch ?? -1 })
        var lost = Set(ids)
        for try await id in try await connection.execute(statement, logger: logger) { lost.remove(id) }
        return lost
    }

    /// Marks attempts done (flags and finish time) in one statement and drops their queued tasks.
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
        // A finished attempt's queued tasks go with it (in the same commit).
        _ = try await rows(connection, "DELETE FROM queued_tasks WHERE attempt_id = ANY(\(ids))")
    }
}
