import DigdagCore
import DigdagOperatorKit
import DigdagStorage
import Foundation
import Logging
import ServiceLifecycle

/// Runs the server's attempts: the same state machine and task runner as `digdag run`, with
/// every change stored before work starts, so that a restart continues where the last process
/// stopped. A node holds a lease on each attempt it runs and renews it; attempts whose lease
/// expired (their node died) are taken over.
///
/// Nothing polls for work: new attempts arrive through `submit`, a finished task wakes its
/// successors inside the attempt's loop, and the only timers are lease renewal and expiry.
public actor AttemptExecutor: Service {
    /// Lease timing.
    public struct Leases: Sendable {
        /// How long a claim lasts without renewal.
        public var duration: Duration = .seconds(60)
        /// How often leases are renewed and orphaned attempts looked for.
        public var renewEvery: Duration = .seconds(20)
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

    private var running: [Int64: AsyncStream<AttemptControl>.Continuation] = [:]
    private var pendingStarts: [StoredAttempt] = []
    private var wakeUp: AsyncStream<Void>.Continuation?
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []
    private var attemptFinished: (@Sendable () async -> Void)?

    /// Creates the executor; with `enabled` false it only stores, never runs.
    public init(
        storage: any DigdagStorage, environment: ServerRuntimeEnvironment, owner: String, leases: Leases = Leases(),
        logger: Logger, enabled: Bool = true, takeOverAtStart: Bool = false
    ) {
        self.takeOverAtStart = takeOverAtStart
        self.storage = storage
        self.environment = environment
        self.owner = owner
        self.leases = leases
        self.logger = logger
        self.enabled = enabled
    }

    /// The lease expiry for a claim made now.
    public nonisolated func leaseUntil(now: Date) -> Date {
        now.addingTimeInterval(Double(leases.duration.components.seconds))
    }

    /// Starts running an attempt this node already claimed (created with `owner`).
    public func submit(_ attempt: StoredAttempt) {
        guard enabled else { return }
        pendingStarts.append(attempt)
        wakeUp?.yield()
    }

    /// Delivers a kill to the attempt if it runs here; true when it does.
    @discardableResult
    public func kill(attemptId: Int64) -> Bool {
        guard let control = running[attemptId] else { return false }
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
        await withDiscardingTaskGroup { group in
            group.addTask { await self.heartbeatLoop() }
            await claimOrphans(ignoringLeases: takeOverAtStart)
            await withGracefulShutdownHandler {
                for await _ in wakes {
                    for attempt in takePendingStarts() {
                        group.addTask { await self.execute(attempt) }
                    }
                }
            } onGracefulShutdown: {
                wakeContinuation.finish()
            }
            let count = running.count + pendingStarts.count
            if count > 0 {
                logger.info("Waiting for completion of \(count) running attempts...")
            }
            await waitUntilIdle()
            group.cancelAll()
        }
        try? await storage.releaseLeases(owner: owner)
    }

    private func waitUntilIdle() async {
        if running.isEmpty { return }
        await withCheckedContinuation { idleWaiters.append($0) }
    }

    private func takePendingStarts() -> [StoredAttempt] {
        defer { pendingStarts.removeAll() }
        return pendingStarts.filter { running[$0.id] == nil }
    }

    private func heartbeatLoop() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: leases.renewEvery)
            if Task.isCancelled { break }
            let ids = Array(running.keys)
            if !ids.isEmpty {
                try? await storage.renewLeases(owner: owner, attemptIds: ids, until: leaseUntil(now: Date()))
                await deliverRemoteKills(ids)
            }
            await claimOrphans()
        }
    }

    /// Kills requested through another server of the cluster reach this one here.
    private func deliverRemoteKills(_ ids: [Int64]) async {
        for id in ids {
            if let attempt = try? await storage.attempt(id: id), attempt.cancelRequested { kill(attemptId: id) }
        }
    }

    /// Claims unfinished attempts nobody holds (after a restart: this node's own earlier ones).
    private func claimOrphans(ignoringLeases: Bool = false) async {
        do {
            // A claim takes attempts whose lease expired before `now`; the far future takes all.
            let claimed = try await storage.claimAttempts(
                owner: owner, until: leaseUntil(now: Date()), now: ignoringLeases ? .distantFuture : Date(), limit: 1000)
            for attempt in claimed where running[attempt.id] == nil {
                logger.info("Resuming session attempt id=\(attempt.id) after restart or node failure")
                pendingStarts.append(attempt)
            }
            if !claimed.isEmpty { wakeUp?.yield() }
        } catch {
            logger.error("Failed to claim attempts: \(error)")
        }
    }

    private func register(_ id: Int64) -> AsyncStream<AttemptControl>? {
        guard running[id] == nil else { return nil }
        let (stream, continuation) = AsyncStream<AttemptControl>.makeStream()
        running[id] = continuation
        return stream
    }

    private func unregister(_ id: Int64) {
        running.removeValue(forKey: id)?.finish()
        if running.isEmpty {
            for waiter in idleWaiters { waiter.resume() }
            idleWaiters.removeAll()
        }
    }

    private func execute(_ attempt: StoredAttempt) async {
        guard let controls = register(attempt.id) else { return }
        defer { unregister(attempt.id) }
        do {
            try await AttemptExecution(
                attempt: attempt, storage: storage, environment: environment, owner: owner, logger: logger,
                executor: self
            ).run(controls: controls)
        } catch {
            logger.error(
                "Session attempt failed to run: \(error)", metadata: ["digdag.attempt.id": "\(attempt.id)"])
        }
        if let attemptFinished { await attemptFinished() }
    }
}
