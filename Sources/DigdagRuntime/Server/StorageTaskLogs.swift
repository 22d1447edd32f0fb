import DigdagCore
import DigdagProject
import DigdagStorage
import Foundation
import Synchronization

/// Task logs kept in the database, so any server can serve them: each run of a task writes
/// gzip files named as Digdag names them; while a task runs, what it printed is flushed as a
/// new file at most every `flushInterval`, so `digdag log -f` can follow it.
struct StorageTaskLogs: TaskLogStore {
    let uploader: LogUploader
    let agentId: String
    /// The `-O DIR` copy, if configured.
    let copy: (any TaskLogStore)?
    var flushInterval: TimeInterval = 1

    func open(taskName: String, spec: AttemptSpec) -> any TaskLogWriter {
        let writer = StorageTaskLogWriter(
            uploader: uploader, attemptId: spec.attemptId, taskName: taskName, agentId: agentId,
            flushInterval: flushInterval, copy: copy?.open(taskName: taskName, spec: spec))
        uploader.register(writer)
        return writer
    }
}

/// Buffers one task run's log and uploads it in gzip pieces.
final class StorageTaskLogWriter: TaskLogWriter {
    private struct Buffer {
        var bytes: [UInt8] = []
        var firstLineAt: Date?
        var lastFlush = Date()
        /// Whether a piece was stored already (a watched task's first output is stored at once).
        var flushed = false
    }

    private let uploader: LogUploader
    private let attemptId: Int64
    private let taskName: String
    private let agentId: String
    private let flushInterval: TimeInterval
    private let copy: (any TaskLogWriter)?
    private let buffer = Mutex(Buffer())

    init(
        uploader: LogUploader, attemptId: Int64, taskName: String, agentId: String, flushInterval: TimeInterval,
        copy: (any TaskLogWriter)?
    ) {
        self.uploader = uploader
        self.attemptId = attemptId
        self.taskName = taskName
        self.agentId = agentId
        self.flushInterval = flushInterval
        self.copy = copy
    }

    func append(_ text: String) {
        copy?.append(text)
        let now = Date()
        let watchers = uploader.watchers
        let interval = watchers.isWatched(attemptId) ? min(flushInterval, watchers.watchedFlushInterval) : nil
        let piece: ([UInt8], Date)? = buffer.withLock { b in
            if b.firstLineAt == nil { b.firstLineAt = now }
            b.bytes.append(contentsOf: text.utf8)
            let due = interval.map { !b.flushed || now.timeIntervalSince(b.lastFlush) >= $0 }
                ?? (now.timeIntervalSince(b.lastFlush) >= flushInterval)
            guard due else { return nil }
            return take(&b, now: now)
        }
        if let piece { uploader.enqueue(file(piece)) }
    }

    func close() async {
        let piece = await finish()
        await uploader.upload(piece.map(file))
    }

    func closeBeforeStateWrite() async {
        if let piece = await finish() { uploader.queueLast(file(piece)) }
    }

    /// Ends the run: no more flushes by the uploader's ticker; returns the unstored rest.
    private func finish() async -> ([UInt8], Date)? {
        await copy?.close()
        uploader.unregister(self)
        return buffer.withLock { take(&$0, now: Date()) }
    }

    /// Uploads what was printed if it has waited `flushInterval`, or less when the attempt is
    /// watched live (called by the uploader's ticker).
    func flushIfDue(now: Date, watchers: LogWatchers) {
        let interval = watchers.isWatched(attemptId) ? min(flushInterval, watchers.watchedFlushInterval) : flushInterval
        let piece: ([UInt8], Date)? = buffer.withLock { b in
            guard !b.bytes.isEmpty, now.timeIntervalSince(b.lastFlush) >= interval else { return nil }
            return take(&b, now: now)
        }
        if let piece { uploader.enqueue(file(piece)) }
    }

    private func take(_ b: inout Buffer, now: Date) -> ([UInt8], Date)? {
        b.lastFlush = now
        b.flushed = true
        guard !b.bytes.isEmpty, let first = b.firstLineAt else { return nil }
        defer {
            b.bytes.removeAll(keepingCapacity: true)
            b.firstLineAt = nil
        }
        return (b.bytes, first)
    }

    private func file(_ piece: ([UInt8], Date)) -> LogUpload {
        let (bytes, time) = piece
        let fileName = LocalTaskLogDirectory.fileName(taskName: taskName, time: time, agentId: agentId)
        let data = Data(Gzip.compress(bytes))
        let file = StoredLogFile(
            attemptId: attemptId, taskName: taskName, fileName: fileName, fileTime: time, agentId: agentId,
            size: Int64(data.count))
        return LogUpload(file: file, data: data)
    }
}
