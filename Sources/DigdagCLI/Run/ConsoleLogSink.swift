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

    init(minimumLevel: LogLevel = .info, interactive: Bool = isatty(STDOUT_FILENO) != 0) {
        self.minimumLevel = minimumLevel
        self.interactive = interactive
    }

    func log(_ level: LogLevel, thread: String, source: String, _ message: String) {
        guard level >= minimumLevel else { return }
        let stamp = ZonedTime(Date(), zone).logText
        let label = "[\(level.rawValue.uppercased())]"
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
