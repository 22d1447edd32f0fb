import DigdagCore
import Foundation

/// Attempt state flags as Digdag stores them (`session_attempts.state_flags`).
public struct AttemptFlags: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    /// Creates flags from the stored integer.
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// A kill was requested.
    public static let cancelRequested = AttemptFlags(rawValue: 1)
    /// The root task is done.
    public static let done = AttemptFlags(rawValue: 2)
    /// The root task succeeded.
    public static let success = AttemptFlags(rawValue: 4)
}

/// A session attempt with its session and project names joined in.
public struct StoredAttempt: Sendable, Equatable {
    /// Attempt id.
    public var id: Int64
    /// 1-based index within its session.
    public var index: Int
    /// Session id.
    public var sessionId: Int64
    /// Session UUID.
    public var sessionUUID: UUID
    /// Project id.
    public var projectId: Int
    /// Project name (the deleted name for deleted projects).
    public var projectName: String
    /// Workflow name.
    public var workflowName: String
    /// Workflow definition id; nil when the definition is not stored.
    public var workflowDefinitionId: Int64?
    /// Session time, epoch seconds.
    public var sessionTime: Int64
    /// The attempt's time zone id.
    public var timeZone: String
    /// Retry attempt name; nil for the default attempt.
    public var retryAttemptName: String?
    /// Done/success/cancel flags.
    public var flags: AttemptFlags
    /// Session params given at start.
    public var params: Config
    /// Creation time.
    public var createdAt: Date
    /// Finish time, once done.
    public var finishedAt: Date?

    /// Creates a record.
    public init(
        id: Int64, index: Int, sessionId: Int64, sessionUUID: UUID, projectId: Int, projectName: String,
        workflowName: String, workflowDefinitionId: Int64?, sessionTime: Int64, timeZone: String,
        retryAttemptName: String?, flags: AttemptFlags, params: Config, createdAt: Date, finishedAt: Date?
    ) {
        self.id = id
        self.index = index
        self.sessionId = sessionId
        self.sessionUUID = sessionUUID
        self.projectId = projectId
        self.projectName = projectName
        self.workflowName = workflowName
        self.workflowDefinitionId = workflowDefinitionId
        self.sessionTime = sessionTime
        self.timeZone = timeZone
        self.retryAttemptName = retryAttemptName
        self.flags = flags
        self.params = params
        self.createdAt = createdAt
        self.finishedAt = finishedAt
    }

    /// True once the root task is done.
    public var isDone: Bool { flags.contains(.done) }
    /// True when the attempt succeeded.
    public var isSuccess: Bool { flags.contains(.success) }
    /// True once a kill was requested.
    public var cancelRequested: Bool { flags.contains(.cancelRequested) }
}

/// A session with its newest attempt.
public struct StoredSession: Sendable, Equatable {
    /// Session id.
    public var id: Int64
    /// Project id.
    public var projectId: Int
    /// Project name.
    public var projectName: String
    /// Workflow name.
    public var workflowName: String
    /// Session UUID.
    public var sessionUUID: UUID
    /// Session time, epoch seconds.
    public var sessionTime: Int64
    /// The newest attempt (whatever its name), if any.
    public var lastAttempt: StoredAttempt?

    /// Creates a record.
    public init(
        id: Int64, projectId: Int, projectName: String, workflowName: String, sessionUUID: UUID, sessionTime: Int64,
        lastAttempt: StoredAttempt?
    ) {
        self.id = id
        self.projectId = projectId
        self.projectName = projectName
        self.workflowName = workflowName
        self.sessionUUID = sessionUUID
        self.sessionTime = sessionTime
        self.lastAttempt = lastAttempt
    }
}

/// What `createAttempt` stores in one transaction: the session (found or made), the attempt and
/// its initial tasks.
public struct NewAttempt: Sendable {
    /// Project id.
    public var projectId: Int
    /// Workflow name.
    public var workflowName: String
    /// Workflow definition id.
    public var workflowDefinitionId: Int64?
    /// Session time, epoch seconds.
    public var sessionTime: Int64
    /// Time zone id.
    public var timeZone: String
    /// Retry attempt name; nil for the default attempt (stored as "").
    public var retryAttemptName: String?
    /// Session params.
    public var params: Config
    /// The initial tasks (ids 1...n of the attempt).
    public var tasks: [AttemptTask]
    /// Results of tasks reused from an earlier attempt (resume), by full task name.
    public var resumedResults: [String: TaskOutcome]
    /// Creation time.
    public var createdAt: Date
    /// The node that will run it (lease owner), if claimed at once.
    public var owner: String?
    /// Lease expiry for `owner`.
    public var leaseUntil: Date?
    /// The session whose newest attempt must be done before this one may be claimed (a backfill
    /// runs its slots one after another); stored as a delayed attempt, as Digdag does.
    public var waitsForSessionId: Int64?

    /// Creates a value.
    public init(
        projectId: Int, workflowName: String, workflowDefinitionId: Int64?, sessionTime: Int64, timeZone: String,
        retryAttemptName: String?, params: Config, tasks: [AttemptTask], resumedResults: [String: TaskOutcome] = [:],
        createdAt: Date, owner: String? = nil, leaseUntil: Date? = nil, waitsForSessionId: Int64? = nil
    ) {
        self.waitsForSessionId = waitsForSessionId
        self.projectId = projectId
        self.workflowName = workflowName
        self.workflowDefinitionId = workflowDefinitionId
        self.sessionTime = sessionTime
        self.timeZone = timeZone
        self.retryAttemptName = retryAttemptName
        self.params = params
        self.tasks = tasks
        self.resumedResults = resumedResults
        self.createdAt = createdAt
        self.owner = owner
        self.leaseUntil = leaseUntil
    }
}

/// The result of `createAttempt`.
public enum AttemptCreation: Sendable, Equatable {
    /// A new attempt was stored.
    case created(StoredAttempt)
    /// An attempt with the same session and name exists already (REST 409 with its body).
    case conflict(StoredAttempt)
}

/// A stored task: the state machine's task plus its database-wide id.
public struct StoredTask: Sendable, Equatable {
    /// The database-wide task id (REST `id`).
    public var rowId: Int64
    /// The task as the state machine knows it (ids local to the attempt, 1-based).
    public var task: AttemptTask

    /// Creates a record.
    public init(rowId: Int64, task: AttemptTask) {
        self.rowId = rowId
        self.task = task
    }
}

/// Marks an attempt done in `saveTasks`.
public struct AttemptFinish: Sendable, Equatable {
    /// True when the root task succeeded.
    public var success: Bool
    /// Finish time.
    public var finishedAt: Date

    /// Creates a value.
    public init(success: Bool, finishedAt: Date) {
        self.success = success
        self.finishedAt = finishedAt
    }

    /// The flags the finished attempt gets: done, and success when the root task succeeded.
    public var flags: AttemptFlags { success ? [.done, .success] : .done }
}

/// Filters for attempt and session listings (newest first, ids below `beforeId`).
public struct ListQuery: Sendable, Hashable {
    /// Only this project.
    public var projectId: Int?
    /// Only this workflow name (with `projectId`).
    public var workflowName: String?
    /// Only ids below this one.
    public var beforeId: Int64?
    /// At most this many rows.
    public var limit: Int

    /// Creates a query.
    public init(projectId: Int? = nil, workflowName: String? = nil, beforeId: Int64? = nil, limit: Int = 100) {
        self.projectId = projectId
        self.workflowName = workflowName
        self.beforeId = beforeId
        self.limit = limit
    }
}
