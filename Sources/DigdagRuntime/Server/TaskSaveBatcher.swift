import DigdagStorage
import Logging

/// Group commit of the node's state writes: saves that arrive while a batch is being written
/// wait and go together in the next one, so that many running attempts share one transaction
/// (one WAL flush on PostgreSQL) instead of one each. The last log piece of each task run rides
/// along: queued before the task's state save, it is stored in the same commit or an earlier
/// one, never after the state that says the task ended. No task of its own: the caller that
/// finds nothing in flight writes the batch, then hands the turn to a waiting caller.
actor TaskSaveBatcher {
    /// How one save ended: stored (true), fenced out (false), or the batch failed.
    typealias Outcome = Result<Bool, StoreError>

    private enum Turn {
        case done(Outcome)
        case lead
    }

    private struct Entry {
        let id: Int
        /// nil for a write of queued log pieces only.
        let save: TaskSave?
    }

    private let storage: any DigdagStorage
    private let logger: Logger
    private var pending: [Entry] = []
    private var pendingLogs: [LogUpload] = []
    private var logFlushScheduled = false
    private var waiters: [Int: CheckedContinuation<Turn, Never>] = [:]
    private var writing = false
    private var nextId = 0
    /// How long queued log pieces wait for a state save to join before they are stored alone.
    private let logFlushDelay: Duration = .milliseconds(20)

    init(storage: any DigdagStorage, logger: Logger) {
        self.storage = storage
        self.logger = logger
    }

    /// Stores `save` in the next batch and returns once it is committed.
    func save(_ save: TaskSave) async -> Outcome {
        await write(save)
    }

    /// Queues a task run's last log piece for the next batch and returns at once. The caller's
    /// state save that follows joins that batch or a later one; should none come, the piece is
    /// stored alone after `logFlushDelay`.
    func queueLog(_ piece: LogUpload) {
        pendingLogs.append(piece)
        guard !logFlushScheduled else { return }
        logFlushScheduled = true
        Task {
            try? await Task.sleep(for: logFlushDelay)
            await flushLogs()
        }
    }

    /// Stores the queued log pieces no state save has taken yet.
    func flushLogs() async {
        logFlushScheduled = false
        guard !pendingLogs.isEmpty else { return }
        _ = await write(nil)
    }

    private func write(_ save: TaskSave?) async -> Outcome {
        let id = nextId
        nextId += 1
        pending.append(Entry(id: id, save: save))
        if writing {
            if case .done(let outcome) = await withCheckedContinuation({ waiters[id] = $0 }) { return outcome }
        }
        writing = true
        let batch = pending
        pending.removeAll()
        let logs = pendingLogs
        pendingLogs.removeAll()
        let outcomes = await store(batch, logs: logs)
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

    private func store(_ batch: [Entry], logs: [LogUpload]) async -> [Int: Outcome] {
        let files = logs.map { ($0.file, $0.data) }
        do {
            let saves = batch.compactMap(\.save)
            let lost = try await storage.saveTaskBatch(saves, logs: files)
            if !saves.isEmpty { RuntimeMetrics.stateCommitted() }
            return Dictionary(
                uniqueKeysWithValues: batch.map { ($0.id, .success($0.save.map { !lost.contains($0.attemptId) } ?? true)) })
        } catch {
            // The saves are retried by their callers; the logs get one more try on their own.
            if !files.isEmpty {
                do {
                    try await storage.putLogFiles(files)
                } catch {
                    logger.error("Failed to store \(files.count) log files: \(error)")
                }
            }
            return Dictionary(uniqueKeysWithValues: batch.map { ($0.id, .failure(error)) })
        }
    }
}
