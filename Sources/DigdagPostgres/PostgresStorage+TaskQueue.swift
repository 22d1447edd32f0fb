import DigdagStorage
import Foundation
import PostgresNIO

/// The shared task queue (`queued_tasks`): published by an attempt's owner, claimed by any node
/// with `FOR UPDATE SKIP LOCKED`, completed under the claim's epoch; LISTEN/NOTIFY on one channel
/// wakes claimers (`published`) and owners (`completed <attempt id>`).
extension PostgresStorage {
    /// The channel of task queue announcements.
    static let taskQueueChannel = "digdag_task_queue"

    /// PostgreSQL is shared by the nodes of a cluster.
    public var sharesTasks: Bool { true }

    /// Inserts (or restarts) the rows and NOTIFYs `published` in one statement, only while `lease` holds the attempt.
    public func publishTasks(_ tasks: [NewQueuedTask], by node: String, lease: AttemptLease) async throws(StoreError)
        -> Bool
    {
        guard let attemptId = tasks.first?.attemptId else { return true }
        let taskIds = tasks.map(\.taskId)
        let payloads = tasks.map(\.payload)
        let row = try await rows(
            """
            WITH held AS (
              SELECT id FROM session_attempts
              WHERE id = \(attemptId) AND lease_owner = \(lease.owner) AND lease_epoch = \(lease.epoch)
                AND (state_flags & 2) = 0
            ), queued AS (
              INSERT INTO queued_tasks (attempt_id, task_id, payload, published_by, queued_at)
              SELECT held.id, t.task_id, t.payload, \(node), clock_timestamp()
              FROM held, unnest(\(taskIds)::bigint[], \(payloads)::text[]) AS t (task_id, payload)
              ON CONFLICT (attempt_id, task_id) DO UPDATE SET payload = excluded.payload,
                published_by = excluded.published_by, queued_at = excluded.queued_at, claim_node = NULL,
                claim_expires_at = NULL, claim_epoch = queued_tasks.claim_epoch + 1, completion = NULL,
                completed_by = NULL, consumed = false
              RETURNING 1
            )
            SELECT count(*), pg_notify(\(Self.taskQueueChannel), 'published') FROM queued
            """
        ).first
        return try (row?.get(0, as: Int64.self) ?? 0) > 0
    }

    /// Claims the oldest claimable rows of unfinished attempts, skipping rows other nodes are claiming.
    public func claimQueuedTasks(node: String, until: Date, now: Date, limit: Int, ownAttemptsOnly: Bool)
        async throws(StoreError) -> [ClaimedQueuedTask]
    {
        guard limit > 0 else { return [] }
        return try await rows(
            """
            UPDATE queued_tasks AS q SET claim_node = \(node), claim_expires_at = \(until.instant),
              claim_epoch = q.claim_epoch + 1
            FROM (
              SELECT t.attempt_id, t.task_id, t.claim_node, (a.state_flags & 1) <> 0 AS cancel
              FROM queued_tasks t JOIN session_attempts a ON a.id = t.attempt_id
              WHERE t.completion IS NULL AND (a.state_flags & 2) = 0
                AND (t.claim_node IS NULL OR t.claim_expires_at < \(now.instant))
                AND (NOT \(ownAttemptsOnly) OR a.lease_owner = \(node))
              ORDER BY t.queued_at, t.attempt_id, t.task_id LIMIT \(limit)
              FOR UPDATE OF t SKIP LOCKED) AS free
            WHERE q.attempt_id = free.attempt_id AND q.task_id = free.task_id
            RETURNING q.attempt_id, q.task_id, q.claim_epoch, q.payload, q.published_by, free.claim_node, free.cancel
            """
        ).map { row throws(StoreError) in
            ClaimedQueuedTask(
                claim: TaskClaim(attemptId: try row.get(0), taskId: try row.get(1), node: node, epoch: try row.get(2)),
                payload: try row.get(3), publishedBy: try row.get(4), previousNode: try row.get(5, as: String?.self),
                cancelRequested: try row.get(6))
        }
    }

    /// Extends the claims still held (same node and epoch), with the attempts' kill flags.
    public func renewTaskClaims(_ claims: [TaskClaim], until: Date) async throws(StoreError) -> [RenewedTaskClaim] {
        guard !claims.isEmpty else { return [] }
        return try await rows(
            """
            UPDATE queued_tasks AS q SET claim_expires_at = \(until.instant)
            FROM unnest(\(claims.map(\.attemptId))::bigint[], \(claims.map(\.taskId))::bigint[],
                   \(claims.map(\.node))::text[], \(claims.map(\.epoch))::bigint[]) AS c (attempt_id, task_id, node, epoch),
                 session_attempts AS a
            WHERE q.attempt_id = c.attempt_id AND q.task_id = c.task_id AND q.claim_node = c.node
              AND q.claim_epoch = c.epoch AND a.id = q.attempt_id
            RETURNING q.attempt_id, q.task_id, q.claim_node, q.claim_epoch, (a.state_flags & 1) <> 0
            """
        ).map { row throws(StoreError) in
            RenewedTaskClaim(
                claim: TaskClaim(
                    attemptId: try row.get(0), taskId: try row.get(1), node: try row.get(2), epoch: try row.get(3)),
                cancelRequested: try row.get(4))
        }
    }

    /// Stores the completion under the claim and NOTIFYs `completed <attempt id>` in one statement.
    public func completeQueuedTask(_ claim: TaskClaim, completion: String) async throws(StoreError) -> Bool {
        !(try await rows(
            """
            WITH done AS (
              UPDATE queued_tasks SET completion = \(completion), completed_by = \(claim.node)
              WHERE attempt_id = \(claim.attemptId) AND task_id = \(claim.taskId) AND claim_node = \(claim.node)
                AND claim_epoch = \(claim.epoch) AND completion IS NULL
              RETURNING attempt_id)
            SELECT pg_notify(\(Self.taskQueueChannel), 'completed ' || attempt_id::text) FROM done
            """
        ).isEmpty)
    }

    /// Marks new completions of attempts `owner` holds as taken and returns them.
    public func takeQueuedTaskCompletions(attemptIds: [Int64], owner: String) async throws(StoreError)
        -> [QueuedTaskRecord]
    {
        guard !attemptIds.isEmpty else { return [] }
        return try await rows(
            """
            UPDATE queued_tasks AS q SET consumed = true
            FROM session_attempts AS a
            WHERE q.attempt_id = ANY(\(attemptIds)) AND q.completion IS NOT NULL AND NOT q.consumed
              AND a.id = q.attempt_id AND a.lease_owner = \(owner)
            RETURNING q.attempt_id, q.task_id, q.completion, q.completed_by
            """
        ).map(Self.queuedTaskRecord)
    }

    /// Every row of an attempt, with payload and completion.
    public func queuedTasks(attemptId: Int64) async throws(StoreError) -> [QueuedTaskRecord] {
        try await rows(
            """
            SELECT attempt_id, task_id, completion, completed_by, payload FROM queued_tasks
            WHERE attempt_id = \(attemptId) ORDER BY task_id
            """
        ).map { row throws(StoreError) in
            var record = try Self.queuedTaskRecord(row)
            record.payload = try row.get(4, as: String.self)
            return record
        }
    }

    /// Deletes an attempt's rows.
    public func deleteQueuedTasks(attemptId: Int64) async throws(StoreError) {
        _ = try await rows("DELETE FROM queued_tasks WHERE attempt_id = \(attemptId)")
    }

    /// Rows of unfinished attempts without a completion.
    public func pendingQueuedTaskCount() async throws(StoreError) -> Int {
        try await rows(
            """
            SELECT count(*) FROM queued_tasks q JOIN session_attempts a ON a.id = q.attempt_id
            WHERE q.completion IS NULL AND (a.state_flags & 2) = 0
            """
        ).first?.get(0, as: Int.self) ?? 0
    }

    /// Calls `notice` for every announcement of the task queue and of unclaimed attempts, and
    /// `.connected` after each (re)connection of the storage's listening connection, until the
    /// calling task is cancelled.
    public func watchTaskQueue(_ notice: @escaping @Sendable (TaskQueueNotice) async -> Void) async {
        for await event in notices.subscribe() { await notice(event) }
    }

    static func taskQueueNotice(_ payload: String) -> TaskQueueNotice? {
        if payload == "published" { return .published }
        guard payload.hasPrefix("completed "), let id = Int64(payload.dropFirst("completed ".count)) else { return nil }
        return .completed(attemptId: id)
    }

    private static func queuedTaskRecord(_ row: PostgresRows.Row) throws(StoreError) -> QueuedTaskRecord {
        QueuedTaskRecord(
            attemptId: try row.get(0), taskId: try row.get(1), completion: try row.get(2, as: String?.self),
            completedBy: try row.get(3, as: String?.self))
    }
}
