import DigdagStorage

/// Group commit of the attempts' state writes: saves that arrive while a batch is being written
/// wait and go together in the next one, so that many running attempts share one transaction
/// (one WAL flush on PostgreSQL) instead of one each. No task of its own: the caller that finds
/// nothing in flight writes the batch, then hands the turn to a waiting caller.
actor TaskSaveBatcher {
    /// How one save ended: stored (true), fenced out (false), or the batch failed.
    typealias Outcome = Result<Bool, StoreError>

    private enum Turn {
        case done(Outcome)
        case lead
    }

    private struct Entry {
        let id: Int
        let save: TaskSave
    }

    private let storage: any DigdagStorage
    private var pending: [Entry] = []
    private var waiters: [Int: CheckedContinuation<Turn, Never>] = [:]
    private var writing = false
    private var nextId = 0

    init(storage: any DigdagStorage) {
        self.storage = storage
    }

    /// Stores `save` in the next batch and returns once it is committed.
    func save(_ save: TaskSave) async -> Outcome {
        let id = nextId
        nextId += 1
        pending.append(Entry(id: id, save: save))
        if writing {
            if case .done(let outcome) = await withCheckedContinuation({ waiters[id] = $0 }) { return outcome }
        }
        writing = true
        let batch = pending
        pending.removeAll()
        let outcomes = await write(batch)
        for entry in batch where entry.id != id {
            waiters.removeValue(forKey: entry.id)?.resume(returning: .done(outcomes[entry.id] ?? .success(true)))
        }
        if let next = pending.first {
            waiters.removeValue(forKey: next.id)?.resume(returning: .lead)
        } else {
            writing = false
        }
        return outcomes[id] ?? .success(true)
    }

    private func write(_ batch: [Entry]) async -> [Int: Outcome] {
        do {
            let lost = try await storage.saveTaskBatch(batch.map(\.save))
            return Dictionary(uniqueKeysWithValues: batch.map { ($0.id, .success(!lost.contains($0.save.attemptId))) })
        } catch {
            return Dictionary(uniqueKeysWithValues: batch.map { ($0.id, .failure(error)) })
        }
    }
}
