import DigdagCore
import DigdagOperatorKit
import DigdagStorage
import Foundation
import Logging

/// What running any task of a stored attempt needs on this node: its workspace (the revision's
/// archive, extracted), its spec, its project's secrets and its resumed results. The attempt's
/// owner and the nodes that run its queued tasks build it the same way.
struct AttemptContext: Sendable {
    let attempt: StoredAttempt
    let spec: AttemptSpec
    let secrets: any SecretStore
    let gate: ResumeGate

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The task runner for this attempt's tasks on this node.
    func taskRunner(_ environment: ServerRuntimeEnvironment) -> TaskRunner {
        TaskRunner(
            spec: spec, operators: environment.operators, evaluator: environment.evaluator, secrets: secrets,
            gate: gate, sink: environment.sink, environment: environment.environment)
    }

    /// Loads everything (`resumed`: the attempt's resumed results when known, read otherwise); the
    /// workspace (`workspaceRoot/attempt-<id>`) is extracted when a task first reads project files.
    static func build(
        attempt: StoredAttempt, node: String, storage: any DigdagStorage, environment: ServerRuntimeEnvironment,
        executor: AttemptExecutor, resumed knownResumed: [String: TaskOutcome]?, logger: Logger
    ) async throws -> AttemptContext {
        guard let definitionId = attempt.workflowDefinitionId,
            let definition = try await executor.definitions.definition(id: definitionId, storage: storage)
        else { throw Failure(description: "workflow definition of attempt \(attempt.id) is missing") }
        let resumed: [String: TaskOutcome]
        if let known = knownResumed {
            resumed = known
        } else {
            resumed = try await storage.resumedResults(attemptId: attempt.id)
        }
        let revision = definition.revision

        let workspace = environment.workspaceRoot.appendingPathComponent("attempt-\(attempt.id)")
        let revisionId = revision?.id
        let files = ArchiveWorkspace(
            directory: workspace,
            load: { () async throws -> Data? in
                guard let revisionId else { return nil }
                return try await storage.archive(revisionId: revisionId)
            },
            extract: environment.extractArchive)

        var params = revision?.defaultParams ?? [:]  // revision defaults, server defaults, attempt params
        params.deepMerge(environment.defaultParams)
        params.deepMerge(attempt.params)
        let zone = ZoneNames.zone(attempt.timeZone) ?? .gmt
        var spec = AttemptSpec(
            workflowName: attempt.workflowName, sessionUUID: UUIDText.lowercase(attempt.sessionUUID),
            sessionTime: Date(timeIntervalSince1970: Double(attempt.sessionTime)), timeZoneName: attempt.timeZone,
            timeZone: zone, baseParams: params, tasks: [], projectPath: workspace)
        spec.projectId = Int64(attempt.projectId)
        spec.projectName = attempt.projectName
        spec.sessionId = attempt.sessionId
        spec.attemptId = attempt.id
        spec.retryAttemptName = attempt.retryAttemptName
        spec.systemConfig = environment.systemConfig
        spec.taskSlots = environment.taskSlots
        spec.workflows = ProjectWorkflowSource(projectPath: workspace)
        spec.projectFiles = files
        spec.revision = definition.revisionName
        spec.runTime = attempt.createdAt
        spec.sessions = StorageWorkflowSessions(
            storage: storage,
            launcher: AttemptLauncher(
                storage: storage, executor: executor, maxTasksPerAttempt: spec.maxTasks, logger: logger),
            currentProjectId: attempt.projectId, waits: environment.requireWaits)
        spec.taskLogs = StorageTaskLogs(
            uploader: environment.logUploader, agentId: node, copy: environment.taskLogDirectory)
        let secrets = try await ProjectSecrets.load(
            storage: storage, projectId: attempt.projectId, cipher: environment.secretCrypto, logger: logger)
        return AttemptContext(attempt: attempt, spec: spec, secrets: secrets, gate: ResumeGate(results: resumed))
    }
}
