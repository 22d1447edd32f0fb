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

    /// Several attempts' changes in one statement (`digdag_save_tasks`, a named prepared
    /// statement): one lease check (`FOR SHARE`, so no claim slips in before the commit), one
    /// upsert of all changed tasks and one update of finished attempts, whatever the number of
    /// attempts. Returns the attempts whose lease was lost.
    public func saveTaskBatch(_ saves: [TaskSave]) async throws(StoreError) -> Set<Int64> {
        try await saveTaskBatch(saves, logs: [])
    }

    /// `saveTaskBatch` and `putLogFiles` in one statement and one commit.
    public func saveTaskBatch(_ saves: [TaskSave], logs: [(file: StoredLogFile, data: Data)]) async throws(StoreError)
        -> Set<Int64>
    {
        guard !saves.isEmpty else {
            try await putLogFiles(logs)
            return []
        }
        let save = PostgresTaskStatements.SaveTasks(
            leases: saves.compactMap { save in save.lease.map { (save.attemptId, $0) } },
            rows: Self.latestChanges(saves),
            finishes: Self.finishes(saves))
        defer { if !save.finishIds.isEmpty { sessionsChanged() } }
        return try await connection { connection in
            var lost: Set<Int64> = []
            if logs.isEmpty {
                for try await id in try await connection.execute(save, logger: self.logger) { lost.insert(id) }
            } else {
                let statement = PostgresTaskStatements.SaveTasksAndLogs(save: save, logs: .init(logs))
                for try await id in try await connection.execute(statement, logger: self.logger) { lost.insert(id) }
            }
            return lost
        }
    }

    /// The changed tasks, the last change of each (an upsert may touch a row only once), even
    /// when the batch holds several saves of one attempt.
    private static func latestChanges(_ saves: [TaskSave]) -> [(attemptId: Int64, task: AttemptTask)] {
        var rows: [(attemptId: Int64, task: AttemptTask)] = []
        var position: [TaskKey: Int] = [:]
        for save in saves {
            for task in save.changed {
                let key = TaskKey(attemptId: save.attemptId, localId: task.id)
                if let index = position[key] {
                    rows[index].task = task
                } else {
                    position[key] = rows.count
                    rows.append((save.attemptId, task))
                }
            }
        }
        return rows
    }

    /// Each finished attempt once (its last finish in the batch).
    private static func finishes(_ saves: [TaskSave]) -> [(attemptId: Int64, finish: AttemptFinish)] {
        var finishes: [Int64: AttemptFinish] = [:]
        var order: [Int64] = []
        for save in saves {
            guard let finish = save.finish else { continue }
            if finishes.updateValue(finish, forKey: save.attemptId) == nil { order.append(save.attemptId) }
        }
        return order.map { ($0, finishes[$0]!) }
    }

    private struct TaskKey: Hashable {
        let attemptId: Int64
        let localId: Int64
    }
}
