import DigdagCore
import Foundation

/// Sessions, attempts and their tasks.
public protocol SessionStore: Sendable {
    /// Finds or creates the session and stores the attempt and its initial tasks in one
    /// transaction; `.conflict` when the session already has an attempt with that name.
    func createAttempt(_ attempt: NewAttempt) async throws(StoreError) -> AttemptCreation

    /// Sessions newest first (`projectId`/`workflowName` filters, `id < beforeId`).
    func sessions(_ query: ListQuery) async throws(StoreError) -> [StoredSession]

    /// A session by id.
    func session(id: Int64) async throws(StoreError) -> StoredSession?

    /// Attempts newest first; unless `includeRetried`, only each session's newest attempt.
    func attempts(_ query: ListQuery, includeRetried: Bool) async throws(StoreError) -> [StoredAttempt]

    /// Attempts of one session, newest first.
    func attempts(sessionId: Int64, beforeId: Int64?, limit: Int) async throws(StoreError) -> [StoredAttempt]

    /// An attempt by id.
    func attempt(id: Int64) async throws(StoreError) -> StoredAttempt?

    /// How many attempts are not done.
    func activeAttemptCount() async throws(StoreError) -> Int

    /// Deletes up to `limit` of the oldest sessions whose every attempt ended before `before`,
    /// with their attempts, tasks and task logs, and answers how many it deleted. Sessions that
    /// a waiting backfill slot depends on are kept.
    func deleteSessions(endedBefore before: Date, limit: Int) async throws(StoreError) -> Int

    /// How many unfinished attempts nobody holds wait for another session (backfill slots).
    func waitingAttemptCount() async throws(StoreError) -> Int

    /// What starting an attempt of workflow definition `workflowId` checks first: the workflow,
    /// whether its project is deleted and how many attempts are unfinished; nil when the
    /// definition does not exist.
    func attemptStartFacts(workflowId: Int64) async throws(StoreError) -> AttemptStartFacts?

    /// The tasks of an attempt, by local id.
    func tasks(attemptId: Int64) async throws(StoreError) -> [StoredTask]

    /// The reused results of a resumed attempt, by task name.
    func resumedResults(attemptId: Int64) async throws(StoreError) -> [String: TaskOutcome]

    /// Inserts or updates `changed` tasks (by attempt and local id) and, with `finish`, marks the
    /// attempt done, in one transaction. With `lease`, nothing is written unless the attempt is
    /// still held under that lease (`.leaseLost` otherwise): a node that lost it is fenced out.
    func saveTasks(attemptId: Int64, changed: [AttemptTask], finish: AttemptFinish?, lease: AttemptLease?)
        async throws(StoreError)

    /// Saves the changes of several attempts (at most one save per attempt) in one transaction, so
    /// that they share one commit; returns the attempts whose lease was lost (nothing of theirs is
    /// written, the others are).
    func saveTaskBatch(_ saves: [TaskSave]) async throws(StoreError) -> Set<Int64>

    /// Sets the attempt's cancel-requested flag; false when it is done or already killed.
    func requestCancel(attemptId: Int64) async throws(StoreError) -> Bool

    /// Takes up to `limit` unfinished attempts that nobody holds (no lease, or an expired one)
    /// for `owner` until `until`; each claim increments the attempt's lease epoch.
    func claimAttempts(owner: String, until: Date, now: Date, limit: Int) async throws(StoreError) -> [ClaimedAttempt]

    /// Extends the given leases until `until` and returns those still held (a missing one was
    /// taken over by another node), with their cancel-requested flags.
    func renewLeases(_ leases: [Int64: AttemptLease], until: Date) async throws(StoreError) -> [RenewedLease]

    /// Drops `owner`'s lease on every attempt (a clean shutdown).
    func releaseLeases(owner: String) async throws(StoreError)

    /// Runs until the calling task is cancelled, calling `wake` whenever a node announced attempts
    /// that nobody holds (and after each (re)connection). Embedded databases return at once.
    func watchUnclaimedAttempts(_ wake: @escaping @Sendable () async -> Void) async

    /// Tells every node that attempts wait to be claimed; a no-op where there is one node.
    func announceUnclaimedAttempts() async
}

extension SessionStore {
    /// One node only: nothing to watch.
    public func watchUnclaimedAttempts(_ wake: @escaping @Sendable () async -> Void) async {}

    /// One node only: nobody to tell.
    public func announceUnclaimedAttempts() async {}

    /// One `saveTasks` per attempt (embedded databases, whose commits are cheap).
    public func saveTaskBatch(_ saves: [TaskSave]) async throws(StoreError) -> Set<Int64> {
        var lost: Set<Int64> = []
        for save in saves {
            do {
                try await saveTasks(
                    attemptId: save.attemptId, changed: save.changed, finish: save.finish, lease: save.lease)
            } catch where error.code == .leaseLost {
                lost.insert(save.attemptId)
            }
        }
        return lost
    }

    /// Saves without fencing (a store used by one process only, and tests).
    public func saveTasks(attemptId: Int64, changed: [AttemptTask], finish: AttemptFinish?) async throws(StoreError) {
        try await saveTasks(attemptId: attemptId, changed: changed, finish: finish, lease: nil)
    }
}

extension SessionStore where Self: ProjectStore {
    /// Three queries; a store where each is a round trip answers in one.
    public func attemptStartFacts(workflowId: Int64) async throws(StoreError) -> AttemptStartFacts? {
        guard let workflow = try await workflow(id: workflowId) else { return nil }
        let project = try await project(id: workflow.projectId)
        return AttemptStartFacts(
            workflow: workflow, projectDeletedAt: project?.deletedAt, activeAttempts: try await activeAttemptCount())
    }
}
