import DigdagCore
import DigdagOperatorKit
import DigdagStorage
import Foundation
import Logging
import ServiceLifecycle

/// Runs the server's attempts: the same state machine and task runner as `digdag run`, with
/// every change stored before work starts, so that a restart continues where the last process
/// stopped. A node holds a short lease on each attempt it runs and renews it on every heartbeat;
/// attempts whose lease expired (their node died or stalled) are taken over by the next
/// heartbeat of any node. Each claim has a new epoch and every state write checks it, so a node
/// that lost an attempt is fenced out: it stops the attempt and records nothing more.
///
/// New attempts arrive through `submit`, a finished task wakes its successors inside the
/// attempt's loop; the heartbeat (renewal, remote kills, orphan claims) is the only timer.
public actor AttemptExecutor: Service {
    /// Lease timing.
    public struct Leases: Sendable {
        /// How long a claim lasts without renewal (`agent.lock-retention-time`, default 4 s).
        public var duration: Duration = .seconds(4)
        /// How often leases are renewed and orphaned attempts looked for
        /// (`agent.heartbeat-interval`, default 1 s): a dead node's attempts are taken over
        /// between `duration - renewEvery` and `duration + renewEvery` after its last renewal.
        public var renewEvery: Duration = .seconds(1)
        /// How long a ready task waits for a free task slot on its attempt's node before it is
        /// published to the task queue other nodes claim from (`agent.task-queue-delay`, default
        /// 50 ms; shared databases only; zero publishes at once). Short tasks then mostly run
        /// where their attempt runs, with no queue round trips; long ones spread at once.
        public var queueDelay: Duration = .milliseconds(50)
        /// Creates the default timing.
        public init() {}
    }

    let storage: any DigdagStorage
    let environment: ServerRuntimeEnvironment
    /// This node's id in leases and log file names (`<pid>@<host>`).
    public nonisolated let owner: String
    let leases: Leases
    let logger: Logger
    let enabled: Bool
    /// Embedded databases have one server: at start, every unfinished attempt is this node's,
    /// whatever lease an earlier (crashed) process left.
    let takeOverAtStart: Bool
    /// Group commit of this node's attempts' state writes.
    let saveBatcher: TaskSaveBatcher
    /// Set once a graceful shutdown began.
    let stopping = StopSignal()
    /// The contexts (workspace, spec, secrets) of attempts with tasks running here.
    let contexts = AttemptContexts()
    /// Routes completions of queued tasks to the attempts this node owns.
    let router: QueuedTaskRouter
    /// Claims and runs queued tasks of any attempt (shared databases only).
    private var agent: QueuedTaskAgent?

    /// Revision facts of workflow definitions, read once per definition.
    let definitions = DefinitionCache()

    private var running: [Int64: RunningAttempt] = [:]
    private var pendingStarts: [ClaimedAttempt] = []
    /// The initial state of attempts this node created and has not started yet, so that their
    /// start does not read back what was just stored.
    private var createdHere: [Int64: CreatedAttempt] = [:]
    /// Attempts may be waiting for others (backfill slots): each attempt that ends here then
    /// looks for the ones it released. Set at start and whenever this node stores one.
    private var mayHaveWaitingAttempts = true
    private var wakeUp: AsyncStream<Void>.Continuation?
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []
    private var attemptFinished: (@Sendable () async -> Void)?

    /// Creates the executor; with `enabled` false it only stores, never runs.
    public init(
        storage: any DigdagStorage, environment: ServerRuntimeEnvironment, owner: String, leases: Leases = Leases(),
        logger: Logger, enabled: Bool = true, takeOverAtStart: Bool = false
    ) {
        self.takeOverAtStart = takeOverAtStart
        self.saveBatcher = environment.logUploader.stateWrites
        self.router = QueuedTaskRouter(storage: storage, node: owner, logger: logger)
        self.storage = storage
        self.environment = environment
        self.owner = owner
        self.leases = leases
        self.logger = logger
        self.enabled = enabled
    }

    /// True when this node runs attempts (API-only nodes store them for others).
    public nonisolated var runsAttempts: Bool { enabled }

    /// The lease expiry for a claim made now.
    public nonisolated func leaseUntil(now: Date) -> Date {
        now.addingTimeInterval(leaseSeconds)
    }

    /// Starts running an attempt this node already claimed (created with `owner`, lease epoch 0);
    /// `created` is its initial state when this node just stored it.
    public func submit(_ attempt: StoredAttempt, created: CreatedAttempt? = nil) {
        guard enabled else { return }
        if let created { createdHere[attempt.id] = created }
        pendingStarts.append(ClaimedAttempt(attempt: attempt, lease: AttemptLease(owner: owner, epoch: 0)))
        wakeUp?.yield()
    }

    /// This node stored an attempt that waits for another session.
    public func noteWaitingAttempts() {
        mayHaveWaitingAttempts = true
    }

    /// Claims the attempts an ended attempt released, while some may wait.
    private func claimReleasedAttempts() async {
        guard mayHaveWaitingAttempts else { return }
        await claimOrphans()
        if (try? await storage.waitingAttemptCount()) == 0 { mayHaveWaitingAttempts = false }
    }

    /// Delivers a kill to the attempt if it runs here; true when it does.
    @discardableResult
    public func kill(attemptId: Int64) -> Bool {
        guard let control = running[attemptId]?.controls else { return false }
        control.yield(.kill)
        return true
    }

    /// Called after each attempt this node ran is over (the scheduler's catch-up waits on it).
    public func onAttemptFinished(_ handler: @escaping @Sendable () async -> Void) {
        attemptFinished = handler
    }

    /// Attempt ids running in this process.
    public var runningAttemptIds: [Int64] { Array(running.keys).sorted() }

    /// Runs until graceful shutdown; then waits for running attempts to finish.
    public func run() async throws {
        guard enabled else {
            try? await gracefulShutdown()
            return
        }
        let (wakes, wakeContinuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        wakeUp = wakeContinuation
        let (slotsFreed, slotFreed) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let agent = storage.sharesTasks ? makeAgent() : nil
        self.agent = agent
        await withDiscardingTaskGroup { group in
            group.addTask { await self.heartbeatLoop() }
            if agent == nil {
                group.addTask { await self.storage.watchUnclaimedAttempts { await self.claimOrphans() } }
            }
            if let agent {
                await environment.taskSlots?.observeFreedSlots { slotFreed.yield() }
                group.addTask { await agent.run() }
                group.addTask {
                    for await _ in slotsFreed { await agent.poke() }
                }
                group.addTask {
                    await self.storage.watchTaskQueue { notice in
                        switch notice {
                        case .published: await agent.poke(published: true)
                        case .completed(let attemptId): await self.router.deliver([attemptId])
                        case .unclaimedAttempts: await self.claimOrphans()
                        case .connected:
                            await self.claimOrphans()
                            await agent.poke(published: true)
                            await self.router.deliverAll()
                        }
                    }
                }
            }
            await claimOrphans(ignoringLeases: takeOverAtStart)
            await withGracefulShutdownHandler {
                for await _ in wakes {
                    for attempt in takePendingStarts() {
                        group.addTask { await self.execute(attempt) }
                    }
                }
            } onGracefulShutdown: { [stopping] in
                stopping.set()
                wakeContinuation.finish()
            }
            await agent?.drain()
            let count = running.count + pendingStarts.count
            if count > 0 {
                logger.info("Waiting for completion of \(count) running attempts...")
            }
            // A database that stopped answering would hold the running attempts' last writes
            // (and this process) for ever: past its connection timeout they give up.
            let watchdog = Task { [storage] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(1))
                    if await storage.giveUpIfUnreachable() { break }
                }
            }
            await waitUntilIdle()
            watchdog.cancel()
            await agent?.stop()
            slotFreed.finish()
            group.cancelAll()
        }
        try? await storage.releaseLeases(owner: owner)
    }

    private func makeAgent() -> QueuedTaskAgent {
        let (storage, environment, owner, logger) = (storage, environment, owner, logger)
        return QueuedTaskAgent(
            storage: storage, environment: environment, node: owner, claimDuration: leaseSeconds, contexts: contexts,
            logger: logger
        ) { attempt in
            try await AttemptContext.build(
                attempt: attempt, node: owner, storage: storage, environment: environment, executor: self,
                resumed: nil, logger: logger)
        }
    }

    /// The lease duration in seconds (task claims last as long as attempt leases).
    private nonisolated var leaseSeconds: TimeInterval {
        Double(leases.duration.components.seconds) + Double(leases.duration.components.attoseconds) / 1e18
    }

    private func waitUntilIdle() async {
        if running.isEmpty { return }
        await withCheckedContinuation { idleWaiters.append($0) }
    }

    private func takePendingStarts() -> [ClaimedAttempt] {
        defer { pendingStarts.removeAll() }
        return pendingStarts.filter { running[$0.id] == nil }
    }

    private func heartbeatLoop() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: leases.renewEvery)
            if Task.isCancelled { break }
            await renewLeases()
            // An embedded database has this node only: its orphans were all claimed at start.
            if !takeOverAtStart { await claimOrphans() }
            if let agent {
                await agent.heartbeat()
                await router.deliverAll()
            }
        }
    }

    /// Renews the leases of running attempts in one statement; attempts another node took over
    /// are fenced (stopped here), and kills requested through another node are delivered.
    private func renewLeases() async {
        let held = running.mapValues(\.lease.current)
        guard !held.isEmpty else { return }
        let renewed: [RenewedLease]
        do {
            renewed = try await storage.renewLeases(held, until: leaseUntil(now: Date()))
        } catch {
            logger.error("Failed to renew attempt leases: \(error)")
            return
        }
        let kept = Set(renewed.map(\.attemptId))
        for (id, lease) in held where !kept.contains(id) {
            guard let current = running[id], current.lease.current == lease else { continue }
            logger.warning(
                "Lost the lease on session attempt id=\(id) to another node; stopping it here",
                metadata: ["digdag.attempt.id": "\(id)", "digdag.lease.epoch": "\(lease.epoch)"])
            RuntimeMetrics.leaseLost()
            current.controls.yield(.fenced)
        }
        for lease in renewed where lease.cancelRequested { kill(attemptId: lease.attemptId) }
    }

    /// Claims unfinished attempts nobody holds (after a restart: this node's own earlier ones).
    private func claimOrphans(ignoringLeases: Bool = false) async {
        do {
            // A claim takes attempts whose lease expired before `now`; the far future takes all.
            let claimed = try await storage.claimAttempts(
                owner: owner, until: leaseUntil(now: Date()), now: ignoringLeases ? .distantFuture : Date(), limit: 1000)
            for attempt in claimed {
                if let current = running[attempt.id] {
                    current.lease.replace(with: attempt.lease)  // ours already: it keeps running
                    continue
                }
                if let previous = attempt.previousOwner {
                    logger.info(
                        "Resuming session attempt id=\(attempt.id) of node \(previous) after restart or node failure (lease epoch \(attempt.lease.epoch))")
                    if previous != owner { RuntimeMetrics.takenOver(1) }
                } else {
                    logger.info("Running session attempt id=\(attempt.id) started on a node without executor")
                }
                pendingStarts.append(attempt)
            }
            if !claimed.isEmpty { wakeUp?.yield() }
        } catch {
            logger.error("Failed to claim attempts: \(error)")
        }
    }

    private func register(_ id: Int64, lease: AttemptLease) -> AsyncStream<AttemptControl>? {
        guard running[id] == nil else { return nil }
        let (stream, continuation) = AsyncStream<AttemptControl>.makeStream()
        running[id] = RunningAttempt(controls: continuation, lease: LeaseHolder(lease))
        return stream
    }

    private func unregister(_ id: Int64) {
        running.removeValue(forKey: id)?.controls.finish()
        if running.isEmpty {
            for waiter in idleWaiters { waiter.resume() }
            idleWaiters.removeAll()
        }
    }

    private func execute(_ claimed: ClaimedAttempt) async {
        let attempt = claimed.attempt
        let created = createdHere.removeValue(forKey: attempt.id)
        guard let controls = register(attempt.id, lease: claimed.lease), let lease = running[attempt.id]?.lease
        else { return }
        defer { unregister(attempt.id) }
        do {
            try await AttemptExecution(
                attempt: attempt, lease: lease, storage: storage, environment: environment, logger: logger,
                executor: self, created: created
            ).run(controls: controls)
        } catch {
            logger.error(
                "Session attempt failed to run: \(error)", metadata: ["digdag.attempt.id": "\(attempt.id)"])
        }
        await claimReleasedAttempts()
        if let attemptFinished { await attemptFinished() }
    }
}

/// An attempt running in this process: where its controls go and the lease that fences it.
struct RunningAttempt {
    let controls: AsyncStream<AttemptControl>.Continuation
    let lease: LeaseHolder
}
