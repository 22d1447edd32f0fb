import DigdagCore
import DigdagOperatorKit
import DigdagStorage
import Foundation
import Logging

/// One run of a stored attempt in this process: context, restored state, runner; on a shared
/// database also the attempt's queued tasks (those an earlier owner published are re-attached,
/// not run again).
struct AttemptExecution {
    let attempt: StoredAttempt
    let lease: LeaseHolder
    let storage: any DigdagStorage
    let environment: ServerRuntimeEnvironment
    let logger: Logger
    let executor: AttemptExecutor
    /// The attempt's initial state when this node just created it (nothing to read back).
    let created: CreatedAttempt?

    func run(controls: AsyncStream<AttemptControl>) async throws {
        let context = try await executor.contexts.acquire(attempt.id) { [self] in
            try await AttemptContext.build(
                attempt: attempt, node: executor.owner, storage: storage, environment: environment,
                executor: executor, resumed: created?.resumedResults, logger: logger)
        }
        do {
            try await run(context, controls: controls)
        } catch {
            await executor.contexts.release(attempt.id, drop: true)
            throw error
        }
        await executor.contexts.release(attempt.id, drop: true)
    }

    private func run(_ context: AttemptContext, controls: AsyncStream<AttemptControl>) async throws {
        let stored: [AttemptTask]
        if let created {
            stored = created.tasks
        } else {
            stored = try await storage.tasks(attemptId: attempt.id).map(\.task)
        }
        let remote = try await remoteTasks(stored)
        var state = AttemptState(restoring: stored, maxTasks: context.spec.maxTasks)
        state.resetRunningTasks(
            now: Date(), except: (remote?.outstanding ?? []).union(remote?.recorded.map(\.taskId) ?? []))
        if attempt.cancelRequested { state.requestCancel() }
        var runner = AttemptRunner(
            spec: context.spec, operators: environment.operators, evaluator: environment.evaluator,
            secrets: context.secrets, gate: context.gate, sink: environment.sink, environment: environment.environment,
            journal: StorageAttemptJournal(
                batcher: executor.saveBatcher, attemptId: attempt.id, lease: lease, createdAt: attempt.createdAt,
                stopping: executor.stopping, logger: logger),
            controls: controls)
        runner.remote = remote
        let final = await runner.run(from: state)
        if remote != nil { await executor.router.unregister(attempt.id) }  // its rows went with its finish
        logger.debug(
            "Session attempt finished: \(final.root.state.rawValue)", metadata: ["digdag.attempt.id": "\(attempt.id)"])
    }

    /// The task queue for this attempt when the database is shared and task slots are bounded;
    /// tasks stored as running that an earlier owner published stay with the queue.
    private func remoteTasks(_ stored: [AttemptTask]) async throws -> RemoteTasks? {
        guard storage.sharesTasks, environment.taskSlots != nil else { return nil }
        let completions = await executor.router.register(attempt.id)
        // A row belongs to the task's current run when it was published at the same retry count.
        var running: [Int64: Int] = [:]
        for task in stored where task.state == .running { running[task.id] = task.retryCount }
        var outstanding: Set<Int64> = []
        var recorded: [RemoteCompletion] = []
        // Only a task stored as running can have been published (a new attempt has none).
        let records = running.isEmpty ? [] : try await storage.queuedTasks(attemptId: attempt.id)
        for record in records {
            guard let retryCount = running[record.taskId], let payload = record.payload,
                (try? QueuedTaskCoding.payload(payload, taskId: record.taskId).task.retryCount) == retryCount
            else { continue }
            if let completion = QueuedTaskRouter.completion(record, logger) {
                recorded.append(completion)
            } else {
                outstanding.insert(record.taskId)
            }
        }
        if !outstanding.isEmpty || !recorded.isEmpty {
            logger.info(
                "Re-attached to \(outstanding.count + recorded.count) queued tasks of session attempt id=\(attempt.id)",
                metadata: ["digdag.attempt.id": "\(attempt.id)"])
        }
        let (storage, lease, node, attemptId) = (storage, lease, executor.owner, attempt.id)
        let logger = logger
        return RemoteTasks(
            publish: { tasks in
                let rows = tasks.map {
                    NewQueuedTask(
                        attemptId: attemptId, taskId: $0.task.id,
                        payload: QueuedTaskCoding.payload($0.task, params: $0.params, thread: $0.thread))
                }
                do {
                    guard try await storage.publishTasks(rows, by: node, lease: lease.current) else { return false }
                    RuntimeMetrics.published(rows.count)
                    return true
                } catch {
                    logger.error(
                        "Failed to publish tasks, running them here: \(error)", metadata: ["digdag.attempt.id": "\(attemptId)"])
                    return false
                }
            },
            completions: completions, outstanding: outstanding, recorded: recorded,
            publishAfter: executor.leases.queueDelay)
    }
}
