import DigdagCore
import DigdagStorage
import Foundation
import Logging

/// Creates attempts (from the API and from schedules): builds the initial tasks, adds the
/// schedule params Digdag adds, stores the attempt with this node's lease in one transaction,
/// then hands it to the executor. On a node that runs no attempts (`--disable-executor-loop`,
/// `--disable-local-agent`) the attempt is stored without a lease for the other nodes to claim.
public struct AttemptLauncher: Sendable {
    /// Why an attempt cannot start.
    public struct Failure: Error, Sendable {
        /// The message (Digdag's where it has one).
        public var message: String
    }

    let storage: any DigdagStorage
    let executor: AttemptExecutor
    let maxTasksPerAttempt: Int
    let logger: Logger

    /// Creates a launcher.
    public init(storage: any DigdagStorage, executor: AttemptExecutor, maxTasksPerAttempt: Int, logger: Logger) {
        self.storage = storage
        self.executor = executor
        self.maxTasksPerAttempt = maxTasksPerAttempt
        self.logger = logger
    }

    /// Starts an attempt of `workflow` at `sessionTime` (epoch seconds); `.conflict` when the
    /// session already has an attempt with that name. With `after`, the attempt is stored
    /// without a lease and waits until `after`'s session is done; then any node claims it (a
    /// backfill runs its slots one after another, and the chain survives its node).
    public func launch(
        _ workflow: StoredWorkflow, sessionTime: Int64, retryAttemptName: String?, params: Config,
        resumedResults: [String: TaskOutcome] = [:], lastExecutedSessionTime: Int64? = nil, after: StoredAttempt? = nil,
        now: Date
    ) async throws -> AttemptCreation {
        let tasks: [AttemptTask]
        do {
            let compiled = try WorkflowCompiler().compileWorkflow(name: workflow.name, config: workflow.config)
            tasks = try AttemptState(workflow: compiled, maxTasks: maxTasksPerAttempt).tasks
            _ = try SlaRule(rootConfig: workflow.config)  // as Digdag: a broken `sla:` starts nothing
        } catch let error as ConfigError {
            throw Failure(message: error.message)
        } catch let error as AttemptError {
            throw Failure(message: error.message)
        }
        let zone = ZoneNames.zone(workflow.timeZone) ?? .gmt
        let sessionParams = SessionParams.build(
            overrides: params, schedule: workflow.config["schedule"], zone: zone,
            sessionTime: Date(timeIntervalSince1970: Double(sessionTime)),
            lastExecutedSessionTime: lastExecutedSessionTime.map { Date(timeIntervalSince1970: Double($0)) })
        let attempt = NewAttempt(
            projectId: workflow.projectId, workflowName: workflow.name, workflowDefinitionId: workflow.id,
            sessionTime: sessionTime, timeZone: workflow.timeZone, retryAttemptName: retryAttemptName,
            params: sessionParams, tasks: tasks, resumedResults: resumedResults, createdAt: now,
            owner: after == nil && executor.runsAttempts ? executor.owner : nil,
            leaseUntil: after == nil && executor.runsAttempts ? executor.leaseUntil(now: now) : nil,
            waitsForSessionId: after?.sessionId)
        let creation = try await storage.createAttempt(attempt)
        guard case .created(let created) = creation else { return creation }
        if after != nil {
            await executor.noteWaitingAttempts()  // claimed once `after` is done
            return creation
        }
        logger.info(
            "Starting a new session project id=\(created.projectId) workflow name=\(created.workflowName) session_time=\(ZonedTime(Date(timeIntervalSince1970: Double(created.sessionTime)), zone).isoOffset)")
        if executor.runsAttempts {
            await executor.submit(created, created: CreatedAttempt(tasks: tasks, resumedResults: resumedResults))
        } else {
            await storage.announceUnclaimedAttempts()
        }
        return creation
    }
}
