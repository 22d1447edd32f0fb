import Foundation

/// The task queue several nodes share (PostgreSQL): an attempt's owner publishes ready tasks it
/// has no free slot for, any node with a free slot claims them (`FOR UPDATE SKIP LOCKED`) under a
/// short, renewed claim with an epoch, runs them and records the completion under that epoch;
/// the owner applies it to the attempt's state. Embedded databases have one node and no queue.
public protocol TaskQueueStore: Sendable {
    /// True when this store has a queue shared by several nodes.
    var sharesTasks: Bool { get }

    /// Publishes tasks of one attempt (a task published again, e.g. for a retry, starts over with
    /// a new epoch) and notifies every node, only while `lease` still holds the attempt; false
    /// (nothing stored) otherwise.
    func publishTasks(_ tasks: [NewQueuedTask], by node: String, lease: AttemptLease) async throws(StoreError) -> Bool

    /// Takes up to `limit` pending tasks of unfinished attempts that nobody holds (no claim or an
    /// expired one), oldest first, for `node` until `until`; each claim increments the epoch. With
    /// `ownAttemptsOnly` (a node draining for shutdown), only tasks of attempts `node` holds.
    func claimQueuedTasks(node: String, until: Date, now: Date, limit: Int, ownAttemptsOnly: Bool) async throws(StoreError)
        -> [ClaimedQueuedTask]

    /// Extends the claims still held until `until`; those missing were taken over by another node.
    func renewTaskClaims(_ claims: [TaskClaim], until: Date) async throws(StoreError) -> [RenewedTaskClaim]

    /// Records a completion under `claim` and notifies the attempt's owner; false (nothing stored)
    /// when the claim is no longer held.
    func completeQueuedTask(_ claim: TaskClaim, completion: String) async throws(StoreError) -> Bool

    /// Completions of the given attempts not taken yet, of those `owner` holds (a node fenced out
    /// of an attempt takes nothing from its new owner); each is returned once.
    func takeQueuedTaskCompletions(attemptIds: [Int64], owner: String) async throws(StoreError) -> [QueuedTaskRecord]

    /// Every queued task of an attempt, with its payload (a new owner re-attaches to them).
    func queuedTasks(attemptId: Int64) async throws(StoreError) -> [QueuedTaskRecord]

    /// Removes an attempt's queued tasks (it is over).
    func deleteQueuedTasks(attemptId: Int64) async throws(StoreError)

    /// How many queued tasks wait for a node or run on one.
    func pendingQueuedTaskCount() async throws(StoreError) -> Int

    /// Runs until the calling task is cancelled, calling `notice` for every queue announcement
    /// and every announcement of unclaimed attempts (one listening connection serves both; a
    /// node that calls this need not call `watchUnclaimedAttempts`), and `.connected` after each
    /// (re)connection. Embedded databases return at once.
    func watchTaskQueue(_ notice: @escaping @Sendable (TaskQueueNotice) async -> Void) async
}

extension TaskQueueStore {
    /// One node only: no shared queue.
    public var sharesTasks: Bool { false }

    /// One node only: nothing is published.
    public func publishTasks(_ tasks: [NewQueuedTask], by node: String, lease: AttemptLease) async throws(StoreError)
        -> Bool
    { false }

    /// One node only: nothing to claim.
    public func claimQueuedTasks(node: String, until: Date, now: Date, limit: Int, ownAttemptsOnly: Bool)
        async throws(StoreError) -> [ClaimedQueuedTask]
    { [] }

    /// One node only: no claims.
    public func renewTaskClaims(_ claims: [TaskClaim], until: Date) async throws(StoreError) -> [RenewedTaskClaim] {
        []
    }

    /// One node only: no claims.
    public func completeQueuedTask(_ claim: TaskClaim, completion: String) async throws(StoreError) -> Bool { false }

    /// One node only: no completions.
    public func takeQueuedTaskCompletions(attemptIds: [Int64], owner: String) async throws(StoreError)
        -> [QueuedTaskRecord]
    { [] }

    /// One node only: no queued tasks.
    public func queuedTasks(attemptId: Int64) async throws(StoreError) -> [QueuedTaskRecord] { [] }

    /// One node only: nothing to remove.
    public func deleteQueuedTasks(attemptId: Int64) async throws(StoreError) {}

    /// One node only: an empty queue.
    public func pendingQueuedTaskCount() async throws(StoreError) -> Int { 0 }

    /// One node only: nothing to watch.
    public func watchTaskQueue(_ notice: @escaping @Sendable (TaskQueueNotice) async -> Void) async {}
}
