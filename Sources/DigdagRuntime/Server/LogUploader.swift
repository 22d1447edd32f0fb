import DigdagStorage
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// One gzip log piece to store.
struct LogUpload: Sendable {
    let file: StoredLogFile
    let data: Data
}

/// Stores task log pieces off the task's path: pieces written while a task runs are queued; the
/// last piece of a run is stored before the task is reported done, so a finished attempt's logs
/// are complete: with the node's next state write (`stateWrites`) when the attempt runs here, on
/// its own before the completion is reported otherwise (queued tasks of other nodes' attempts).
/// Whatever is queued when the uploader gets to it is stored in one transaction (group commit:
/// many tasks ending at once share one commit).
public final class LogUploader: Service, Sendable {
    private enum Item: Sendable {
        case piece(LogUpload)
        case barrier(LogUpload?, CheckedContinuation<Void, Never>)
    }

    private let storage: any DigdagStorage
    private let logger: Logger
    private let queue = Mutex<Queue>(Queue())
    /// Wakes the uploader when items were queued.
    private let wakes: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation
    private let openWriters = Mutex<[ObjectIdentifier: StorageTaskLogWriter]>([:])
    /// How often running tasks' logs are flushed.
    let tick: Duration = .seconds(1)
    /// Attempts watched live, whose logs are flushed more often.
    public let watchers = LogWatchers()
    /// The node's group commit of task states, which last log pieces join.
    let stateWrites: TaskSaveBatcher

    /// Creates an uploader writing to `storage`.
    public init(storage: any DigdagStorage, logger: Logger) {
        self.storage = storage
        self.logger = logger
        stateWrites = TaskSaveBatcher(storage: storage, logger: logger)
        (wakes, wake) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    private struct Queue {
        var items: [Item] = []
        /// Set once the last items were taken at shutdown.
        var closed = false
    }

    /// Queues `item`; false once the uploader stopped.
    private func add(_ item: Item) -> Bool {
        let added = queue.withLock { queue in
            guard !queue.closed else { return false }
            queue.items.append(item)
            return true
        }
        if added { wake.yield() }
        return added
    }

    func register(_ writer: StorageTaskLogWriter) {
        openWriters.withLock { $0[ObjectIdentifier(writer)] = writer }
    }

    func unregister(_ writer: StorageTaskLogWriter) {
        _ = openWriters.withLock { $0.removeValue(forKey: ObjectIdentifier(writer)) }
    }

    func enqueue(_ piece: LogUpload) {
        _ = add(.piece(piece))
    }

    /// Stores a task run's last piece with the node's next state write; returns at once.
    func queueLast(_ piece: LogUpload) {
        stateWrites.queueLog(piece)
    }

    /// Stores `piece` after every queued one; returns once done.
    func upload(_ piece: LogUpload?) async {
        await withCheckedContinuation { done in
            if !add(.barrier(piece, done)) { done.resume() }
        }
    }

    /// Stores queued pieces until the server stops.
    public func run() async throws {
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                group.addTask { await self.flushRunningTasks() }
                await self.consume()
                group.cancelAll()
            }
        } onGracefulShutdown: { [wake] in
            wake.finish()
        }
    }

    /// Running tasks' output reaches the database at least every second (`digdag log -f`).
    private func flushRunningTasks() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: watchers.any ? .seconds(watchers.watchedFlushInterval) : tick)
            let now = Date()
            for writer in openWriters.withLock({ Array($0.values) }) { writer.flushIfDue(now: now, watchers: watchers) }
        }
    }

    private func consume() async {
        for await _ in wakes { await storeQueued() }
        queue.withLock { $0.closed = true }
        await storeQueued()
        await stateWrites.flushLogs()
    }

    /// Stores every queued piece in one transaction (a file queued twice: its last piece), then
    /// releases the waiting tasks.
    private func storeQueued() async {
        while true {
            let items = queue.withLock { queue in
                defer { queue.items.removeAll() }
                return queue.items
            }
            if items.isEmpty { return }
            var pieces: [LogUpload] = []
            var index: [String: Int] = [:]
            var waiting: [CheckedContinuation<Void, Never>] = []
            for item in items {
                let piece: LogUpload?
                switch item {
                case .piece(let queued): piece = queued
                case .barrier(let queued, let done):
                    piece = queued
                    waiting.append(done)
                }
                guard let piece else { continue }
                let key = "\(piece.file.attemptId)/\(piece.file.fileName)"
                if let at = index[key] { pieces[at] = piece } else {
                    index[key] = pieces.count
                    pieces.append(piece)
                }
            }
            do {
                try await storage.putLogFiles(pieces.map { ($0.file, $0.data) })
            } catch {
                logger.error("Failed to store \(pieces.count) log files: \(error)")
            }
            for done in waiting { done.resume() }
        }
    }
}
