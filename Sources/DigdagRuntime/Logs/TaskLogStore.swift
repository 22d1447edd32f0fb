import DigdagCore
import DigdagOperatorKit
import DigdagProject
import Foundation
import Synchronization

/// Where each task's log goes besides the console: `-O DIR` in local mode (and, later, the
/// server's log store). One writer per run of a task.
public protocol TaskLogStore: Sendable {
    /// A writer for one run of `taskName` in the attempt `spec`.
    func open(taskName: String, spec: AttemptSpec) -> any TaskLogWriter
}

/// Receives one task run's log text.
public protocol TaskLogWriter: Sendable {
    /// Appends text (formatted log lines and raw command output).
    func append(_ text: String)
    /// Finishes the log; returns once it is stored.
    func close() async
    /// Finishes the log; it is stored no later than the task state write that the caller makes
    /// next on this node (server attempts: the group commit it joins). Returns without waiting.
    func closeBeforeStateWrite() async
}

extension TaskLogWriter {
    /// Writers without a group commit to join store the log at once.
    public func closeBeforeStateWrite() async { await close() }
}

/// Digdag's local log server layout (`-O DIR`):
/// `DIR/<yyyy-MM-dd>/<site>.<project id><workflow>@<session time>[_<retry name>]/<task>@<hex seconds><hex nanos>.<agent>.log.gz`.
public struct LocalTaskLogDirectory: TaskLogStore {
    /// The `-O` directory.
    public let root: URL
    /// Agent id in file names, `<pid>@<hostname>` like Java's runtime name.
    public let agentId: String

    /// Creates the store.
    public init(root: URL, agentId: String = "\(getpid())@\(ProcessInfo.processInfo.hostName)") {
        self.root = root
        self.agentId = agentId
    }

    public func open(taskName: String, spec: AttemptSpec) -> any TaskLogWriter {
        let now = Date()
        let utc = TimeZone(identifier: "UTC")!
        let dateDir = ZonedTime(now, utc).dateText
        var attemptDir =
            "\(spec.siteId).\(spec.projectId)\(spec.workflowName)@\(ZonedTime(spec.sessionTime, spec.timeZone).statusDirectoryName)"
        if let name = spec.retryAttemptName { attemptDir += "_" + name }
        return GzipFileWriter(
            directory: root.appendingPathComponent(dateDir).appendingPathComponent(attemptDir),
            fileName: Self.fileName(taskName: taskName, time: now, agentId: agentId))
    }

    /// Digdag's log file name: `<task>@<8 hex epoch seconds><8 hex nanos>.<agent>.log.gz`.
    static func fileName(taskName: String, time: Date, agentId: String) -> String {
        let seconds = Int64(time.timeIntervalSince1970.rounded(.down))
        let nanos = Int64((time.timeIntervalSince1970 - Double(seconds)) * 1_000_000_000)
        return "\(taskName)@\(hex8(seconds))\(hex8(nanos)).\(agentId).log.gz"
    }

    private static func hex8(_ value: Int64) -> String {
        let text = String(UInt64(bitPattern: value) & 0xFFFF_FFFF, radix: 16)
        return String(repeating: "0", count: max(0, 8 - text.count)) + text
    }
}

/// Collects a task run's log and writes it as one gzip file when the run ends.
final class GzipFileWriter: TaskLogWriter {
    private let directory: URL
    private let fileName: String
    private let buffer = Mutex<[UInt8]>([])

    init(directory: URL, fileName: String) {
        self.directory = directory
        self.fileName = fileName
    }

    func append(_ text: String) {
        buffer.withLock { $0.append(contentsOf: text.utf8) }
    }

    func close() {
        let bytes = buffer.withLock { $0 }
        guard !bytes.isEmpty else { return }
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try? Data(Gzip.compress(bytes)).write(to: directory.appendingPathComponent(fileName), options: .atomic)
    }
}

/// Task log lines as Digdag writes them to task logs:
/// `2023-07-16 01:55:39.268 +0000 [INFO] (thread) io.digdag.core.agent.OperatorManager: message`.
enum TaskLogLine {
    static let zone = TimeZone.current

    static func format(_ level: LogLevel, thread: String, source: String, _ message: String, at date: Date = Date())
        -> String
    {
        let time = ZonedTime(date, zone)
        let millis = Int((date.timeIntervalSince1970 * 1000).rounded(.down)) % 1000
        let ms = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(time.localTime).\(ms) \(time.offsetCompact) [\(level.rawValue.uppercased())] (\(thread)) \(source): \(message)\n"
    }
}
