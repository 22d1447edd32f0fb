import DigdagCore
import DigdagOperatorKit
import DigdagRuntime
import Foundation
import Synchronization

/// Digdag's console log on stdout: `2023-07-16 10:22:24 +0900 [INFO] (thread): message`.
///
/// On a terminal the lines are coloured per level, as Digdag's interactive console; otherwise
/// the logger class is added after the thread, as Digdag's non-interactive pattern
/// (`(thread) io.digdag.core.agent.OperatorManager: message`). Task output is written raw.
final class ConsoleLogSink: RuntimeLogSink {
    private let interactive: Bool
    private let minimumLevel: LogLevel
    private let lock = Mutex(())
    private let zone = TimeZone.current
    /// `-L FILE`: log lines go there (with milliseconds) instead of the console.
    private let logFile: FileHandle?

    init(minimumLevel: LogLevel = .info, interactive: Bool = isatty(STDOUT_FILENO) != 0, logFile: FileHandle? = nil) {
        self.minimumLevel = minimumLevel
        self.interactive = interactive
        self.logFile = logFile
    }

    /// Opens `-L PATH` for appending (`-` means the console).
    static func openLogFile(_ path: String?) throws -> FileHandle? {
        guard let path, path != "-" else { return nil }
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw CLIError("\(path) (No such file or directory)")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { throw CLIError("\(path) (Permission denied)") }
        handle.seekToEndOfFile()
        return handle
    }

    func log(_ level: LogLevel, thread: String, source: String, _ message: String) {
        guard level >= minimumLevel else { return }
        let label = "[\(level.rawValue.uppercased())]"
        if let logFile {
            let now = Date()
            let millis = Int((now.timeIntervalSince1970 * 1000).rounded(.down)) % 1000
            let ms = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
            let time = ZonedTime(now, zone)
            let line = "\(time.localTime).\(ms) \(time.offsetCompact) \(label) (\(thread)): \(message)\n"
            lock.withLock { _ in logFile.write(Data(line.utf8)) }
            return
        }
        let stamp = ZonedTime(Date(), zone).logText
        var line: String
        if interactive {
            line = "\(stamp) \(label) (\(thread)): \(message)"
            line = Self.color(level) + line + "\u{1B}[0m"
        } else {
            line = "\(stamp) \(label) (\(thread)) \(source): \(message)"
        }
        write(line + "\n")
    }

    func output(_ text: String) {
        write(text)
    }

    private func write(_ text: String) {
        lock.withLock { _ in
            var data = Array(text.utf8)
            data.withUnsafeMutableBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let n = Foundation.write(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                    if n <= 0 { break }
                    offset += n
                }
            }
        }
    }

    private static func color(_ level: LogLevel) -> String {
        switch level {
        case .error: "\u{1B}[35m"
        case .warn: "\u{1B}[33m"
        case .info: "\u{1B}[32m"
        case .debug, .trace: "\u{1B}[36m"
        }
    }
}
