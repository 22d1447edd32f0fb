import DigdagCore

/// A node's hold on an attempt: the owner and the claim's epoch. Every claim of an attempt
/// increments its epoch, so a node that lost an attempt (its lease expired and another node
/// claimed it) holds a stale epoch and every fenced write of it fails with `.leaseLost`.
public struct AttemptLease: Sendable, Hashable {
    /// The holding node (`agent.id`).
    public var owner: String
    /// The claim's epoch; an attempt created with an owner starts at 0.
    public var epoch: Int64

    /// Creates a lease.
    public init(owner: String, epoch: Int64) {
        self.owner = owner
        self.epoch = epoch
    }
}

/// An attempt taken by `claimAttempts`, with the lease that fences its writes.
public struct ClaimedAttempt: Sendable, Equatable {
    /// The attempt as stored.
    public var attempt: StoredAttempt
    /// The new lease.
    public var lease: AttemptLease
    /// The node whose lease expired (a takeover); nil for an attempt nobody held.
    public var previousOwner: String?

    /// The attempt id.
    public var id: Int64 { attempt.id }

    /// Creates a value.
    public init(attempt: StoredAttempt, lease: AttemptLease, previousOwner: String? = nil) {
        self.attempt = attempt
        self.lease = lease
        self.previousOwner = previousOwner
    }
}

/// The outcome of renewing one held lease.
public struct RenewedLease: Sendable, Equatable {
    /// The attempt id.
    public var attemptId: Int64
    /// True when someone asked to kill the attempt (possibly through another node).
    public var cancelRequested: Bool

    /// Creates a value.
    public init(attemptId: Int64, cancelRequested: Bool) {
        self.attemptId = attemptId
        self.cancelRequested = cancelRequested
    }
}

/// One attempt's share of a batched state write (`saveTaskBatch`).
public struct TaskSave: Sendable, Equatable {
    /// The attempt.
    public var attemptId: Int64
    /// Tasks to insert or update (by local id; the last change of a task wins).
    public var changed: [AttemptTask]
    /// Marks the attempt done.
    public var finish: AttemptFinish?
    /// The writer's lease; nil writes unconditionally.
    public var lease: AttemptLease?

    /// Creates a value.
    public init(attemptId: Int64, changed: [AttemptTask], finish: AttemptFinish?, lease: AttemptLease?) {
        self.attemptId = attemptId
        self.changed = changed
        self.finish = finish
        self.lease = lease
    }
}
