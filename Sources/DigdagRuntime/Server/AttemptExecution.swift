import DigdagCore
import DigdagOperatorKit
import DigdagStorage
import Foundation
import Logging

/// One run of a stored attempt in this process: workspace, spec, restored state, runner.
struct AttemptExecution {
    let attempt: StoredAttempt
    let lease: LeaseHolder
    let storage: any DigdagStorage
    let environment: ServerRuntimeEnvironment
    let logger: Logger
    let executor: AttemptExecutor

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    func run(controls: AsyncStream<AttemptControl>) async throws {
        guard let definitionId = attempt.workflowDefinitionId,
            let workflow = try await storage.workflow(id: definitionId)
        else { throw Failure(description: "workflow definition of attempt \(attempt.id) is missing") }
        let stored = try await storage.tasks(attemptId: attempt.id).map(\.task)
        let resumed = try await storage.resumedResults(attemptId: attempt.id)
        let revision = try await storage.revision(projectId: attempt.projectId, name: workflow.revisionName)

        let workspace = environment.workspaceRoot.appendingPathComponent("attempt-\(attempt.id)")
        try? FileManager.default.removeItem(at: workspace)
        try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: workspace) }
        if let revision, let archive = try await storage.archive(revisionId: revision.id) {
            try environment.extractArchive(archive, workspace)
        }

        let zone = ZoneNames.zone(attempt.timeZone) ?? .gmt
        var spec = AttemptSpec(
            workflowName: attempt.workflowName, sessionUUID: UUIDText.lowercase(attempt.sessionUUID),
            sessionTime: Date(timeIntervalSince1970: Double(attempt.sessionTime)), timeZoneName: attempt.timeZone,
            timeZone: zone, baseParams: baseParams(revision: revision), tasks: [], projectPath: workspace)
        spec.projectId = Int64(attempt.projectId)
        spec.projectName = attempt.projectName
        spec.sessionId = attempt.sessionId
        spec.attemptId = attempt.id
        spec.retryAttemptName = attempt.retryAttemptName
        spec.systemConfig = environment.systemConfig
        spec.taskSlots = environment.taskSlots
        spec.workflows = ProjectWorkflowSource(projectPath: workspace)
        spec.revision = workflow.revisionName
        spec.sessions = StorageWorkflowSessions(
            storage: storage,
            launcher: AttemptLauncher(
                storage: storage, executor: executor,
                maxTasksPerAttempt: spec.maxTasks, logger: logger),
            currentProjectId: attempt.projectId, waits: environment.requireWaits)
        spec.taskLogs = StorageTaskLogs(uploader: environment.logUploader, agentId: lease.current.owner, copy: environment.taskLogDirectory)

        var state = AttemptState(restoring: stored, maxTasks: spec.maxTasks)
        state.resetRunningTasks(now: Date())
        if attempt.cancelRequested { state.requestCancel() }
        let secrets = try await ProjectSecrets.load(
            storage: storage, projectId: attempt.projectId, cipher: environment.secretCrypto, logger: logger)
        let runner = AttemptRunner(
            spec: spec, operators: environment.operators, evaluator: environment.evaluator, secrets: secrets,
            gate: ResumeGate(results: resumed), sink: environment.sink, environment: environment.environment,
            journal: StorageAttemptJournal(
                batcher: executor.saveBatcher, attemptId: attempt.id, lease: lease, createdAt: attempt.createdAt,
                logger: logger),
            controls: controls)
        let final = await runner.run(from: state)
        logger.debug(
            "Session attempt finished: \(final.root.state.rawValue)", metadata: ["digdag.attempt.id": "\(attempt.id)"])
    }

    /// Revision defaults, then the server's defaults, then the attempt's params.
    private func baseParams(revision: StoredRevision?) -> Config {
        var params = revision?.defaultParams ?? [:]
        params.deepMerge(environment.defaultParams)
        params.deepMerge(attempt.params)
        return params
    }
}
