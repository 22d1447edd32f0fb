import DigdagCore
import Foundation

/// Log levels of task log lines.
public enum LogLevel: String, Sendable, Comparable {
    case trace, debug, info, warn, error

    private var rank: Int {
        switch self {
        case .trace: 0
        case .debug: 1
        case .info: 2
        case .warn: 3
        case .error: 4
        }
    }

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rank < rhs.rank }
}

/// Receives an operator's log lines (shown with the task's log prefix).
public protocol TaskLogger: Sendable {
    /// Writes one log message at `level`.
    func log(_ level: LogLevel, _ message: String)
}

/// Receives an operator's raw output: `echo>` text, and a child process's stdout and stderr.
/// In local mode it goes to the console's stdout and the task log.
public protocol TaskOutput: Sendable {
    /// Writes raw text (usually whole lines ending in `\n`).
    func write(_ text: String)
}

/// Looks up secrets for a task. Keys are dotted (`pg.password`); `_secrets` remounting has
/// already been applied.
public protocol SecretProvider: Sendable {
    /// The secret's value, or nil when it is not set.
    func secret(_ key: String) throws -> String?
}

/// Evaluates `${...}` templates for operators that read template files (mail>, pg>, ...).
public protocol TemplateRenderer: Sendable {
    /// Renders `text` against the task's parameters.
    func render(_ text: String, params: Config, timeZone: String) throws -> String
}

/// What an operator may use while it runs.
public struct OperatorContext: Sendable {
    /// The task being run.
    public var request: TaskRequest
    /// Absolute path of the project directory.
    public var projectPath: URL
    /// Absolute working directory: the project path plus `_workdir`.
    public var workspacePath: URL
    /// Secrets available to this task.
    public var secrets: any SecretProvider
    /// The task's log.
    public var logger: any TaskLogger
    /// The task's raw output.
    public var output: any TaskOutput
    /// Template rendering for operators that read template files.
    public var templates: any TemplateRenderer
    /// System config (`-X`, config file): e.g. `executor.task_max_run`.
    public var systemConfig: [String: String]
    /// Environment of the digdag process, inherited by child processes.
    public var environment: [String: String]
    /// Workflow loading for `call>` and `http_call>`.
    public var workflows: any WorkflowSource
    /// Other sessions, for `require>`.
    public var sessions: any WorkflowSessions

    /// Creates a context.
    public init(
        request: TaskRequest, projectPath: URL, workspacePath: URL, secrets: any SecretProvider,
        logger: any TaskLogger, output: any TaskOutput, templates: any TemplateRenderer,
        systemConfig: [String: String] = [:], environment: [String: String] = ProcessInfo.processInfo.environment,
        workflows: any WorkflowSource = NoWorkflows(), sessions: any WorkflowSessions = NoWorkflowSessions()
    ) {
        self.request = request
        self.projectPath = projectPath
        self.workspacePath = workspacePath
        self.secrets = secrets
        self.logger = logger
        self.output = output
        self.templates = templates
        self.systemConfig = systemConfig
        self.environment = environment
        self.workflows = workflows
        self.sessions = sessions
    }

    /// The project's temporary directory, `<project>/.digdag/tmp`.
    public var temporaryDirectory: URL {
        projectPath.appendingPathComponent(".digdag/tmp", isDirectory: true)
    }
}
