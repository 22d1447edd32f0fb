import DigdagCore
import DigdagOperatorKit
import Foundation

/// Everything needed to run one attempt of a workflow.
public struct AttemptSpec: Sendable {
    /// Site id (0 locally).
    public var siteId: Int = 0
    /// Project id (1 locally).
    public var projectId: Int64 = 1
    /// Project name (`default` locally).
    public var projectName: String = "default"
    /// Workflow name.
    public var workflowName: String
    /// Session id.
    public var sessionId: Int64 = 1
    /// Attempt id.
    public var attemptId: Int64 = 1
    /// Session UUID.
    public var sessionUUID: String
    /// Session time.
    public var sessionTime: Date
    /// Workflow time zone name, e.g. `Asia/Tokyo`.
    public var timeZoneName: String
    /// Workflow time zone.
    public var timeZone: TimeZone
    /// Retry attempt name, if any.
    public var retryAttemptName: String?
    /// Params below everything else: defaults, `-p`, session params (`last_session_time`, ...).
    public var baseParams: Config
    /// The compiled workflow.
    public var tasks: [WorkflowTask]
    /// Absolute project directory.
    public var projectPath: URL
    /// System config (`executor.task_max_run`, ...).
    public var systemConfig: [String: String] = [:]
    /// Most tasks running at once; 0 = unlimited.
    public var maxTaskThreads: Int = 0
    /// Task slots shared by every attempt of a server (`--max-task-threads`); nil = unlimited.
    public var taskSlots: TaskSlots?
    /// Where `call>` and `http_call>` load workflows from.
    public var workflows: any WorkflowSource = NoWorkflows()
    /// Other sessions, for `require>`.
    public var sessions: any WorkflowSessions = NoWorkflowSessions()
    /// The project revision name (local mode: the run's start instant, as in Digdag).
    public var revision: String?
    /// When the attempt was asked to run (its `sla:` counts from here); nil: when the runner starts.
    public var runTime: Date?
    /// Per-task log files (`-O DIR`), if any.
    public var taskLogs: (any TaskLogStore)?
    /// Prepares `projectPath` before the first task whose operator reads project files (server
    /// mode); nil when the files are already there.
    public var projectFiles: (any ProjectFiles)?

    /// Creates a spec.
    public init(
        workflowName: String, sessionUUID: String, sessionTime: Date, timeZoneName: String, timeZone: TimeZone,
        baseParams: Config, tasks: [WorkflowTask], projectPath: URL
    ) {
        self.workflowName = workflowName
        self.sessionUUID = sessionUUID
        self.sessionTime = sessionTime
        self.timeZoneName = timeZoneName
        self.timeZone = timeZone
        self.baseParams = baseParams
        self.tasks = tasks
        self.projectPath = projectPath
    }

    /// `[0:default:1:1]`: the thread-name prefix of task log lines.
    public var threadPrefix: String { "[\(siteId):\(projectName):\(sessionId):\(attemptId)]" }

    /// The task limit per attempt (`executor.task_max_run`, default 1000).
    public var maxTasks: Int { systemConfig["executor.task_max_run"].flatMap { Int($0) } ?? 1000 }
}

/// Evaluates `${...}` in a task's merged params.
public protocol ParamsEvaluator: Sendable {
    /// Evaluates every value of `config` against `scope` (Digdag's ConfigEvalEngine order).
    func evaluate(_ config: Config, scope: Config, timeZone: String) throws(ConfigError) -> Config
    /// Renders one template text against `scope`.
    func render(_ text: String, scope: Config, timeZone: String) throws(ConfigError) -> String
}

/// Decides, before a task runs, whether to run it (local mode's status files, `--goal`, ...).
public protocol TaskGate: Sendable {
    /// nil to run the operator; a result to succeed with it without running.
    func skipResult(forTask fullName: String) -> TaskResult?
    /// Whether to run the operator (false: `--dry-run`, succeed with an empty result).
    var executesOperators: Bool { get }
    /// The text to log (at WARN) before an operator runs, e.g. its params as YAML for
    /// `--show-params`; nil for nothing.
    func paramsDump(_ params: Config) -> String?
    /// Called for every task that reached `success`, in the order they did.
    func taskSucceeded(_ task: AttemptTask)
    /// Called once when the attempt is over (also after a failure).
    func attemptFinished()
}

extension TaskGate {
    public var executesOperators: Bool { true }
    public func paramsDump(_ params: Config) -> String? { nil }
    public func taskSucceeded(_ task: AttemptTask) {}
    public func attemptFinished() {}
}

/// Runs every task.
public struct RunEverything: TaskGate {
    /// Creates the gate.
    public init() {}
    public func skipResult(forTask fullName: String) -> TaskResult? { nil }
}
