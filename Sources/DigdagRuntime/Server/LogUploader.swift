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

/// Stores task log pieces in order, off the task's path: pieces written while a task runs are
/// queued; the last piece of a run is stored before the task is reported done, so a finished
/// attempt's logs are complete.
public final class LogUploader: Service, Sendable {
    private enum Item: Sendable {
        case piece(LogUpload)
        case barrier(LogUpload?, CheckedContinuation<Void, Never>)
    }

    private let storage: any DigdagStorage
    private let logger: Logger
    private let stream: AsyncStream<Item>
    private let continuation: AsyncStream<Item>.Continuation
    private let openWriters = Mutex<[ObjectIdentifier: StorageTaskLogWriter]>([:])
    /// How often running tasks' logs are flushed.
    let tick: Duration = .seconds(1)
    /// Attempts watched live, whose logs are flushed more often.
    public let watchers = LogWatchers()

    /// Creates an uploader writing to `storage`.
    public init(storage: any DigdagStorage, logger: Logger) {
        self.storage = storage
        self.logger = logger
        (stream, continuation) = AsyncStream<Item>.makeStream()
    }

    func register(_ writer: StorageTaskLogWriter) {
        openWriters.withLock { $0[ObjectIdentifier(writer)] = writer }
    }

    func unregister(_ writer: StorageTaskLogWriter) {
        _ = openWriters.withLock { $0.removeValue(forKey: ObjectIdentifier(writer)) }
    }

    func enqueue(_ piece: LogUpload) {
        continuation.yield(.piece(piece))
    }

    /// Stores `piece` after every queued one; returns once done.
    func upload(_ piece: LogUpload?) async {
        await withCheckedContinuation { done in
            if case .terminated = continuation.yield(.barrier(piece, done)) { done.resume() }
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
        } onGracefulShutdown: { [continuation] in
            continuation.finish()
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
        for await item in stream {
            switch item {
            case .piece(let piece):
                await store(piece)
            case .barrier(let piece, let done):
                if let piece { await store(piece) }
                done.resume()
            }
        }
    }

    private func store(_ piece: LogUpload) async {
        do {
            try await storage.putLogFile(piece.file, data: piece.data)
        } catch {
            logger.error("Failed to store log file \(piece.file.fileName): \(error)")
        }
    }
}
