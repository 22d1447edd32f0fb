import DigdagOperatorKit
import DigdagRuntime
import Logging

/// swift-log lines of the server written in Digdag's console format through the run sink.
struct ConsoleLogHandler: LogHandler {
    let label: String
    let sink: any RuntimeLogSink
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let level: LogLevel =
            switch event.level {
            case .trace: .trace
            case .debug: .debug
            case .info, .notice: .info
            case .warning: .warn
            case .error, .critical: .error
            }
        var text = "\(event.message)"
        let extra = metadata.merging(event.metadata ?? [:]) { _, new in new }
        if !extra.isEmpty {
            text += " " + extra.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }
        sink.log(level, thread: "main", source: label, text)
    }
}
