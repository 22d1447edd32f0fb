import DigdagStorage
import Logging
import Synchronization

/// Group commit of the node's task-state writes (`GroupCommit`): many running attempts share
/// one transaction. The last log piece of each task run rides along: queued before the task's
/// state save, it is stored in the same commit or an earlier one, never after the state that
/// says the task ended.
final class TaskSaveBatcher: Sendable {
    /// How one save ended: stored (true), fenced out (false), or the batch failed.
    typealias Outcome = Result<Bool, StoreError>

    private let commits: GroupCommit<TaskSave?, Outcome>
    private let logs = LogQueue()
    /// How long queued log pieces wait for a state save to join before they are stored alone.
    private let logFlushDelay: Duration = .milliseconds(20)

    /// Last log pieces waiting for the next batch.
    private final class LogQueue: Sendable {
        struct Queued {
            var pieces: [LogUpload] = []
            var flushScheduled = false
        }

        let queued = Mutex(Queued())

        func take() -> [LogUpload] {
            queued.withLock { queued in
                defer { queued.pieces.removeAll() }
                return queued.pieces
            }
        }
    }

    init(storage: any DigdagStorage, logger: Logger) {
        let logs = logs
        commits = GroupCommit { saves in
            await Self.store(saves, logs: logs.take(), storage: storage, logger: logger)
        }
    }

    /// Stores `save` in the next batch and returns once it is committed.
    func save(_ save: TaskSave) async -> Outcome {
        await commits.submit(save)
    }

    /// Queues a task run's last log piece for the next batch and returns at once. The caller's
    /// state save that follows joins that batch or a later one; should none come, the piece is
    /// stored alone after `logFlushDelay`.
    func queueLog(_ piece: LogUpload) {
        let schedule = logs.queued.withLock { queued in
            queued.pieces.append(piece)
            defer { queued.flushScheduled = true }
            return !queued.flushScheduled
        }
        guard schedule else { return }
        Task {
            try? await Task.sleep(for: logFlushDelay)
            await flushLogs()
        }
    }

    /// Stores the queued log pieces no state save has taken yet.
    func flushLogs() async {
        let waiting = logs.queued.withLock { queued in
            queued.flushScheduled = false
            return !queued.pieces.isEmpty
        }
        if waiting { _ = await commits.submit(nil) }
    }

    private static func store(_ saves: [TaskSave?], logs: [LogUpload], storage: any DigdagStorage, logger: Logger)
        async -> [Outcome]
    {
        let files = logs.map { ($0.file, $0.data) }
        let stored = saves.compactMap { $0 }
        do {
            let lost = try await storage.saveTaskBatch(stored, logs: files)
            if !stored.isEmpty { RuntimeMetrics.stateCommitted() }
            return saves.map { save in .success(save.map { !lost.contains($0.attemptId) } ?? true) }
        } catch {
            // The saves are retried by their callers; logs that came with them get one more try
            // on their own (logs alone were just tried).
            var logFailure: StoreError? = files.isEmpty ? nil : error
            if logFailure != nil, !stored.isEmpty {
                do {
                    try await storage.putLogFiles(files)
                    logFailure = nil
                } catch {
                    logFailure = error
                }
            }
            if let logFailure { logger.error("Failed to store \(files.count) log files: \(logFailure)") }
            return saves.map { _ in .failure(error) }
        }
    }
}
