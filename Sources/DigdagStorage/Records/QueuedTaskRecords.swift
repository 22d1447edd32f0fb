import Foundation

/// A task an attempt's owner publishes for any node of the cluster to run.
public struct NewQueuedTask: Sendable, Equatable {
    /// The attempt.
    public var attemptId: Int64
    /// The task's local id in the attempt.
    public var taskId: Int64
    /// What the running node needs (task, params, thread name), as JSON text the runtime writes.
    public var payload: String

    /// Creates a value.
    public init(attemptId: Int64, taskId: Int64, payload: String) {
        self.attemptId = attemptId
        self.taskId = taskId
        self.payload = payload
    }
}

/// A node's hold on one queued task. Every claim of a task increments its epoch, so a node that
/// lost a task (its claim expired and another node took it) can never record a completion for it.
public struct TaskClaim: Sendable, Hashable {
    /// The attempt.
    public var attemptId: Int64
    /// The task's local id.
    public var taskId: Int64
    /// The claiming node (`agent.id`).
    public var node: String
    /// The claim's epoch.
    public var epoch: Int64

    /// Creates a value.
    public init(attemptId: Int64, taskId: Int64, node: String, epoch: Int64) {
        self.attemptId = attemptId
        self.taskId = taskId
        self.node = node
        self.epoch = epoch
    }
}

/// A queued task taken by `claimQueuedTasks`.
public struct ClaimedQueuedTask: Sendable, Equatable {
    /// The claim that fences the completion.
    public var claim: TaskClaim
    /// The payload the owner published.
    public var payload: String
    /// The node that published the task (the attempt's owner then).
    public var publishedBy: String
    /// The node whose claim expired (a takeover); nil for a task nobody held.
    public var previousNode: String?
    /// True when the attempt was killed.
    public var cancelRequested: Bool

    /// Creates a value.
    public init(claim: TaskClaim, payload: String, publishedBy: String, previousNode: String?, cancelRequested: Bool) {
        self.claim = claim
        self.payload = payload
        self.publishedBy = publishedBy
        self.previousNode = previousNode
        self.cancelRequested = cancelRequested
    }
}

/// The outcome of renewing one task claim that is still held.
public struct RenewedTaskClaim: Sendable, Equatable {
    /// The claim.
    public var claim: TaskClaim
    /// True when the task's attempt was killed meanwhile.
    public var cancelRequested: Bool

    /// Creates a value.
    public init(claim: TaskClaim, cancelRequested: Bool) {
        self.claim = claim
        self.cancelRequested = cancelRequested
    }
}

/// A queued task as stored: with its completion once a node recorded one.
public struct QueuedTaskRecord: Sendable, Equatable {
    /// The attempt.
    public var attemptId: Int64
    /// The task's local id.
    public var taskId: Int64
    /// The completion the running node recorded (JSON text the runtime writes); nil while pending.
    public var completion: String?
    /// The node that recorded the completion.
    public var completedBy: String?
    /// The payload as published (nil where not read).
    public var payload: String?

    /// Creates a value.
    public init(attemptId: Int64, taskId: Int64, completion: String?, completedBy: String?, payload: String? = nil) {
        self.attemptId = attemptId
        self.taskId = taskId
        self.completion = completion
        self.completedBy = completedBy
        self.payload = payload
    }
}

/// What a node hears about the shared task queue.
public enum TaskQueueNotice: Sendable, Equatable {
    /// Tasks were published: nodes with free task slots may claim them.
    case published
    /// A queued task of this attempt was completed: its owner applies the completion.
    case completed(attemptId: Int64)
    /// A node stored attempts nobody holds yet (as `watchUnclaimedAttempts` reports).
    case unclaimedAttempts
    /// The listening connection was (re)established: announcements may have been missed.
    case connected
}
