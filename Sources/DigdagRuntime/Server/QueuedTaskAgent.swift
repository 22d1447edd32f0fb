import DigdagCore
import DigdagStorage
import Foundation
import Logging

/// A node's side of the task queue as a worker: whenever this node has free task slots and the
/// queue may hold work (a NOTIFY, a slot freed, the heartbeat), it claims queued tasks of any
/// attempt with `FOR UPDATE SKIP LOCKED`, runs them with the attempt's context (built once per
/// attempt on this node), and records each completion under its claim. Claims are short and
/// renewed by the heartbeat; a claim another node took over (this node stalled) is fenced: the
/// task is stopped here and its result never recorded. A kill of the attempt stops its tasks.
actor QueuedTaskAgent {
    private struct Held {
        let claim: TaskClaim
        let stop: AsyncStream<Void>.Continuation
        var lost = false
        var killed = false
    }

    private struct Key: Hashable {
        let attemptId: Int64
        let taskId: Int64
    }

    /// At most this many queued tasks at once on a node without a task slot limit.
    static let unboundedLimit = 16

    private let storage: any DigdagStorage
    private let environment: ServerRuntimeEnvironment
    private let node: String
    private let claimDuration: TimeInterval
    private let contexts: AttemptContexts
    private let logger: Logger
    private let buildContext: @Sendable (StoredAttempt) async throws -> AttemptContext
    private var held: [Key: Held] = [:]
    private var mayHaveWork = true
    /// Counts announcements, so that a claim that found nothing does not hide one made meanwhile.
    private var announcements = 0
    private var filling = false
    private var fillAgain = false
    private var stopping = false
    /// Set when the node drains for shutdown: it then claims only tasks of attempts it holds.
    private var draining = false
    private var drainWaiters: [CheckedContinuation<Void, Never>] = []
    private let starts: AsyncStream<Start>
    private let startContinuation: AsyncStream<Start>.Continuation

    init(
        storage: any DigdagStorage, environment: ServerRuntimeEnvironment, node: String, claimDuration: TimeInterval,
        contexts: AttemptContexts, logger: Logger,
        buildContext: @escaping @Sendable (StoredAttempt) async throws -> AttemptContext
    ) {
        self.storage = storage
        self.environment = environment
        self.node = node
        self.claimDuration = claimDuration
        self.contexts = contexts
        self.logger = logger
        self.buildContext = buildContext
        (starts, startContinuation) = AsyncStream<Start>.makeStream()
    }

    /// Runs claimed tasks until `stop()`; then waits for those still running.
    func run() async {
        await withDiscardingTaskGroup { group in
            for await start in starts {
                group.addTask { await self.execute(start) }
            }
        }
    }

    /// The node is shutting down: from now on only tasks of its own attempts (which it must
    /// finish) are claimed; other nodes take the rest.
    func drain() {
        draining = true
    }

    /// Stops claiming; returns once every claimed task is over.
    func stop() async {
        stopping = true
        startContinuation.finish()
        if held.isEmpty { return }
        await withCheckedContinuation { drainWaiters.append($0) }
    }

    /// The queue may have work (a NOTIFY, or a slot freed here).
    func poke(published: Bool = false) async {
        if published {
            mayHaveWork = true
            announcements += 1
        }
        guard mayHaveWork else { return }
        await fill()
    }

    /// The heartbeat: renews claims (fencing lost ones, stopping killed ones), claims tasks whose
    /// node died, drops idle attempt contexts and publishes the queue depth.
    func heartbeat() async {
        await renewClaims()
        mayHaveWork = true
        await fill()
        await contexts.evictIdle()
        if let depth = try? await storage.pendingQueuedTaskCount() { RuntimeMetrics.taskQueueDepth(depth) }
    }

    private func fill() async {
        guard !filling else {
            fillAgain = true
            return
        }
        filling = true
        defer { filling = false }
        repeat {
            fillAgain = false
            while !stopping {
                var free = 0
                if let slots = environment.taskSlots {
                    while free < 8, await slots.tryAcquire() { free += 1 }
                } else {
                    free = max(0, Self.unboundedLimit - held.count)
                }
                guard free > 0 else { break }
                let claimed: [ClaimedQueuedTask]
                let seen = announcements
                do {
                    let now = Date()
                    claimed = try await storage.claimQueuedTasks(
                        node: node, until: now.addingTimeInterval(claimDuration), now: now, limit: free,
                        ownAttemptsOnly: draining)
                } catch {
                    logger.error("Failed to claim queued tasks: \(error)")
                    claimed = []
                }
                for _ in claimed.count..<free { await environment.taskSlots?.release() }
                for task in claimed { await start(task) }
                if claimed.count < free {
                    if announcements == seen { mayHaveWork = false }
                    break
                }
            }
        } while fillAgain && mayHaveWork && !stopping
    }

    private func start(_ claimed: ClaimedQueuedTask) async {
        guard !stopping else {
            // Shutting down: the claim runs out and another node takes the task.
            await environment.taskSlots?.release()
            return
        }
        let key = Key(attemptId: claimed.claim.attemptId, taskId: claimed.claim.taskId)
        let (stop, stopContinuation) = AsyncStream<Void>.makeStream()
        held[key]?.stop.finish()
        held[key] = Held(claim: claimed.claim, stop: stopContinuation)
        RuntimeMetrics.claimedFromQueue()
        startContinuation.yield(Start(claimed: claimed, stop: stop))
    }

    private func isLost(_ claim: TaskClaim) -> Bool {
        guard let current = held[Key(attemptId: claim.attemptId, taskId: claim.taskId)], current.claim == claim
        else { return true }
        return current.lost
    }

    private func finish(_ claim: TaskClaim) {
        let key = Key(attemptId: claim.attemptId, taskId: claim.taskId)
        if let current = held[key], current.claim == claim {
            held.removeValue(forKey: key)?.stop.finish()
        }
        if held.isEmpty {
            for waiter in drainWaiters { waiter.resume() }
            drainWaiters.removeAll()
        }
    }

    private func execute(_ start: Start) async {
        let claim = start.claimed.claim
        let completion: TaskCompletion?
        do {
            let context = try await contexts.acquire(claim.attemptId) { [storage, buildContext] in
                guard let attempt = try await storage.attempt(id: claim.attemptId) else {
                    throw AttemptContext.Failure(description: "attempt \(claim.attemptId) is missing")
                }
                return try await buildContext(attempt)
            }
            completion = await run(start, context: context)
            await contexts.release(claim.attemptId)
        } catch {
            logger.error(
                "Cannot prepare queued task \(claim.taskId) of session attempt id=\(claim.attemptId): \(error)",
                metadata: ["digdag.attempt.id": "\(claim.attemptId)"])
            completion = .failed(error: ["message": .string("cannot prepare the task on node \(node): \(error)")])
        }
        await environment.taskSlots?.release()
        if let completion { await record(completion, claim) }
        finish(claim)
    }

    /// Runs the task; nil when it was stopped without a result worth recording.
    private func run(_ start: Start, context: AttemptContext) async -> TaskCompletion? {
        let claimed = start.claimed
        let claim = claimed.claim
        let payload: QueuedTaskPayload
        do {
            payload = try QueuedTaskCoding.payload(claimed.payload, taskId: claim.taskId)
        } catch {
            return .failed(error: ["message": .string("broken queued task: \(error)")])
        }
        let takeover = claimed.previousNode.map { " after node \($0) lost it" } ?? ""
        logger.info(
            "Running queued task \(payload.task.fullName) of session attempt id=\(claim.attemptId) on node \(node) (published by node \(claimed.publishedBy)\(takeover))",
            metadata: ["digdag.attempt.id": "\(claim.attemptId)", "digdag.task.claim_epoch": "\(claim.epoch)"])
        if claimed.cancelRequested { return .failed(error: ["message": "killed"]) }
        let runner = context.taskRunner(environment)
        let stop = start.stop
        return await withTaskGroup(of: TaskCompletion?.self) { group in
            group.addTask { await runner.run(payload.task, params: payload.params, thread: payload.thread) }
            group.addTask {
                for await _ in stop { return nil }
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            if let first { return first }
            // Stopped: killed (the operator's answer to cancellation is recorded) or lost (nothing is).
            return await group.next() ?? nil
        }
    }

    /// Stores the completion under the claim; a lost claim stores nothing.
    private func record(_ completion: TaskCompletion, _ claim: TaskClaim) async {
        let text = QueuedTaskCoding.completion(completion)
        var delay: Duration = .milliseconds(100)
        for attempt in 1...6 {
            if isLost(claim) { break }
            do {
                if try await storage.completeQueuedTask(claim, completion: text) { return }
                break
            } catch where attempt < 6 {
                logger.error("Failed to store the completion of a queued task, retrying: \(error)")
                try? await Task.sleep(for: delay)
                delay *= 2
            } catch {
                logger.error(
                    "Gave up storing the completion of queued task \(claim.taskId) of session attempt id=\(claim.attemptId): \(error); the task runs again once this claim runs out",
                    metadata: ["digdag.attempt.id": "\(claim.attemptId)"])
                return
            }
        }
        logger.warning(
            "Lost the claim on queued task \(claim.taskId) of session attempt id=\(claim.attemptId) to another node; its result is not recorded",
            metadata: ["digdag.attempt.id": "\(claim.attemptId)", "digdag.task.claim_epoch": "\(claim.epoch)"])
        RuntimeMetrics.taskClaimLost()
    }

    private func renewClaims() async {
        let claims = held.values.filter { !$0.lost }.map(\.claim)
        guard !claims.isEmpty else { return }
        let renewed: [RenewedTaskClaim]
        do {
            renewed = try await storage.renewTaskClaims(claims, until: Date().addingTimeInterval(claimDuration))
        } catch {
            logger.error("Failed to renew claims of queued tasks: \(error)")
            return
        }
        var kept: [TaskClaim: Bool] = [:]
        for claim in renewed { kept[claim.claim] = claim.cancelRequested }
        for claim in claims {
            let key = Key(attemptId: claim.attemptId, taskId: claim.taskId)
            guard var current = held[key], current.claim == claim else { continue }
            if let cancel = kept[claim] {
                if cancel, !current.killed {
                    current.killed = true
                    current.stop.yield()
                }
            } else {
                logger.warning(
                    "Lost the claim on queued task \(claim.taskId) of session attempt id=\(claim.attemptId) to another node; stopping it here",
                    metadata: ["digdag.attempt.id": "\(claim.attemptId)", "digdag.task.claim_epoch": "\(claim.epoch)"])
                current.lost = true
                current.stop.yield()
            }
            held[key] = current
        }
    }
}

/// A claimed task handed to the agent's task group, with the signal that stops it.
private struct Start: Sendable {
    let claimed: ClaimedQueuedTask
    let stop: AsyncStream<Void>
}
