import DigdagCore
import Foundation

/// Everything an operator knows about the task it runs.
public struct TaskRequest: Sendable {
    /// Site id: 0 in local mode.
    public var siteId: Int
    /// Project id: 1 in local mode.
    public var projectId: Int64
    /// Project name: `default` in local mode.
    public var projectName: String
    /// Workflow name (the `.dig` file name without extension).
    public var workflowName: String
    /// Session id.
    public var sessionId: Int64
    /// Attempt id.
    public var attemptId: Int64
    /// Task id within the attempt.
    public var taskId: Int64
    /// Full task name, e.g. `+mydag+setup`.
    public var taskName: String
    /// Workflow time zone identifier, e.g. `Asia/Tokyo`.
    public var timeZone: String
    /// The session time.
    public var sessionTime: Date
    /// The retry attempt name, absent unless the attempt is a named retry.
    public var retryAttemptName: String?
    /// Merged and evaluated parameters: inherited params, built-ins and the task's own keys.
    public var config: Config
    /// The task's own keys (evaluated), e.g. `_command`, `_type`, `_env`.
    public var localConfig: Config
    /// State carried between polls of the same task (Digdag's state params).
    public var lastStateParams: Config
    /// How many times this task has been retried through `_retry`.
    public var retryCount: Int
    /// The project revision name, when known (local mode: the run's start time, as in Digdag).
    /// `docker: build:` includes it in the name of the image it builds.
    public var revision: String?

    /// Creates a request.
    public init(
        siteId: Int = 0, projectId: Int64 = 1, projectName: String = "default", workflowName: String,
        sessionId: Int64 = 1, attemptId: Int64 = 1, taskId: Int64, taskName: String, timeZone: String,
        sessionTime: Date, retryAttemptName: String? = nil, config: Config, localConfig: Config,
        lastStateParams: Config = [:], retryCount: Int = 0, revision: String? = nil
    ) {
        self.siteId = siteId
        self.projectId = projectId
        self.projectName = projectName
        self.workflowName = workflowName
        self.sessionId = sessionId
        self.attemptId = attemptId
        self.taskId = taskId
        self.taskName = taskName
        self.timeZone = timeZone
        self.sessionTime = sessionTime
        self.retryAttemptName = retryAttemptName
        self.config = config
        self.localConfig = localConfig
        self.lastStateParams = lastStateParams
        self.retryCount = retryCount
        self.revision = revision
    }

    /// The operator's command (`_command`), if any.
    public var command: ConfigValue? { config["_command"] }
}
