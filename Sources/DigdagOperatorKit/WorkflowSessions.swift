import DigdagCore
import Foundation

/// Starts or finds sessions of other workflows, for `require>`.
public protocol WorkflowSessions: Sendable {
    /// Runs (or finds) the attempt of `request.workflowName` at `request.sessionTime` and reports
    /// its state. An implementation may return `.running` to be asked again later (polling), or
    /// wait for the attempt to finish.
    func require(_ request: RequireRequest) async throws -> RequireState
}

/// What `require>` asks for.
public struct RequireRequest: Sendable, Equatable {
    /// Workflow to run.
    public var workflowName: String
    /// Project by id or name; nil for the current project.
    public var projectId: Int64?
    /// Project by name.
    public var projectName: String?
    /// The session time of the required session.
    public var sessionTime: Date
    /// Start a new attempt when one already finished: never, when it did not succeed, or always.
    public var rerunOn: RerunOn
    /// The only params passed to the new session (`params:`).
    public var params: Config
    /// Name of a new attempt, when one is started as a retry.
    public var retryAttemptName: String?
    /// The session of the attempt whose task asks, to detect `require>` cycles.
    public var requester: Requester?

    /// A session by workflow name and session time.
    public struct Requester: Sendable, Hashable {
        /// The workflow.
        public var workflowName: String
        /// The session time.
        public var sessionTime: Date

        /// Creates a requester.
        public init(workflowName: String, sessionTime: Date) {
            self.workflowName = workflowName
            self.sessionTime = sessionTime
        }
    }

    /// `rerun_on` values.
    public enum RerunOn: String, Sendable, Equatable {
        case none, failed, all
    }

    /// Creates a request.
    public init(
        workflowName: String, projectId: Int64? = nil, projectName: String? = nil, sessionTime: Date,
        rerunOn: RerunOn = .none, params: Config = [:], retryAttemptName: String? = nil
    ) {
        self.workflowName = workflowName
        self.projectId = projectId
        self.projectName = projectName
        self.sessionTime = sessionTime
        self.rerunOn = rerunOn
        self.params = params
        self.retryAttemptName = retryAttemptName
    }
}

/// Where a required session stands.
public enum RequireState: Sendable, Equatable {
    /// Still running: ask again later.
    case running(sessionId: Int64, attemptId: Int64)
    /// Done.
    case finished(sessionId: Int64, attemptId: Int64, success: Bool)
    /// No such workflow (or project).
    case notFound
}

/// No other sessions can be started (tests of operators that do not need them).
public struct NoWorkflowSessions: WorkflowSessions {
    /// Creates the value.
    public init() {}
    public func require(_ request: RequireRequest) async throws -> RequireState { .notFound }
}
