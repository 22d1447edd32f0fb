import DigdagOperatorKit
import Foundation

/// Where the runtime's log lines go. `thread` is Digdag's thread name, e.g. `main` or
/// `0016@[0:default:1:1]+mydag+setup`; `source` is the Java class Digdag would name
/// (shown by the non-interactive console format).
public protocol RuntimeLogSink: Sendable {
    /// Writes one log message.
    func log(_ level: LogLevel, thread: String, source: String, _ message: String)
    /// Writes raw task output (no prefix).
    func output(_ text: String)
}

/// Logger sources Digdag prints, by component.
public enum LogSource {
    /// Operator lines (`echo>: ...`, task failures).
    public static let operatorManager = "io.digdag.core.agent.OperatorManager"
    /// Executor lines (`Starting a new session ...`).
    public static let workflowExecutor = "io.digdag.core.workflow.WorkflowExecutor"
    /// `digdag run` lines (`Using session ...`).
    public static let run = "io.digdag.cli.Run"
    /// `digdag run`'s skip lines.
    public static let runSkip = "io.digdag.cli.Run$OperatorManagerWithSkip"
}

/// A task's log as operators see it: lines go to the sink with the task's thread name, and to
/// the task's log file when there is one.
struct TaskLog: TaskLogger, TaskOutput {
    let sink: any RuntimeLogSink
    let thread: String
    let file: (any TaskLogWriter)?

    func log(_ level: LogLevel, _ message: String) {
        log(level, source: LogSource.operatorManager, message)
    }

    func log(_ level: LogLevel, source: String, _ message: String) {
        sink.log(level, thread: thread, source: source, message)
        file?.append(TaskLogLine.format(level, thread: thread, source: source, message))
    }

    func write(_ text: String) {
        sink.output(text)
        file?.append(text)
    }
}
