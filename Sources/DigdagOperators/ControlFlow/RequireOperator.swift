import DigdagCore
import DigdagOperatorKit
import Foundation

/// `require>: WORKFLOW`: runs (or finds) a separate session of another workflow at the same
/// session time and succeeds when it does. Options: `session_time`, `project_id` |
/// `project_name`, `rerun_on: none|failed|all`, `ignore_failure`, `params`, `retry_attempt_name`.
public struct RequireOperator: Operator {
    public let type = "require"
    public var readsProjectFiles: Bool { false }
    public var isInstant: Bool { true }
    public var knownOptions: Set<String>? { ["session_time", "project_id", "project_name", "rerun_on", "ignore_failure", "params", "retry_attempt_name", "_retry"] }

    /// Creates the operator.
    public init() {}

    public func run(_ context: OperatorContext) async throws -> TaskResult {
        let request = context.request
        let config = request.config
        guard case .string(let workflow)? = request.command, !workflow.isEmpty else {
            throw OperatorError.config("Parameter '_command' is required but not set")
        }
        if config["project_id"] != nil && config["project_name"] != nil {
            throw OperatorError.config("Both project_id and project_name can't be set")
        }
        var sessionTime = request.sessionTime
        if let text = config["session_time"]?.stringValue {
            guard let parsed = BuiltInParams.parseISOOffset(text) else {
                throw OperatorError.config("Invalid session_time: \(text)")
            }
            sessionTime = parsed
        }
        let rerunText = config["rerun_on"]?.textValue ?? "none"
        guard let rerunOn = RequireRequest.RerunOn(rawValue: rerunText) else {
            throw OperatorError.config("Invalid rerun_on option: \(rerunText). Allowed values are none, failed and all")
        }
        let ignoreFailure = config["ignore_failure"].flatMap(ConfigCoercion.bool) ?? false
        let projectId = config["project_id"].flatMap(ConfigCoercion.int)
        let projectName = config["project_name"]?.stringValue
        let sameProject = (projectId ?? request.projectId) == request.projectId
            && (projectName ?? request.projectName) == request.projectName
        if sameProject, workflow == request.workflowName, sessionTime == request.sessionTime {
            // Digdag finds its own running session and waits for it forever.
            throw OperatorError.config(
                "require> of workflow '\(workflow)' at its own session time would wait for itself")
        }
        var required = RequireRequest(
            workflowName: workflow, projectId: projectId, projectName: projectName, sessionTime: sessionTime,
            rerunOn: rerunOn, params: config.nestedOrEmpty("params"),
            retryAttemptName: request.localConfig["retry_attempt_name"]?.stringValue)
        required.requester = RequireRequest.Requester(workflowName: request.workflowName, sessionTime: request.sessionTime)
        let state = try await context.sessions.require(required)
        switch state {
        case .notFound:
            let project = config["project_name"]?.stringValue.map { "project_name=\($0)" }
                ?? config["project_id"].map { "project_id=\($0.textValue)" } ?? "project_id=\(request.projectId)"
            throw OperatorError.failed("Dependent workflow does not exist. \(project), workflowName:\(workflow)")
        case .running(let sessionId, let attemptId):
            let iteration = request.lastStateParams["retry"].flatMap(ConfigCoercion.int) ?? 0
            var next = request.lastStateParams
            next["retry"] = .int(iteration + 1)
            next["target_session_id"] = .int(sessionId)
            next["target_attempt_id"] = .int(attemptId)
            throw OperatorError.poll(afterSeconds: Int(min(1 << min(iteration, 4), 10)), stateParams: next)
        case .finished(let sessionId, let attemptId, let success):
            if !success && !ignoreFailure {
                throw OperatorError.failed(
                    "Dependent workflow failed. Session id: \(sessionId), attempt id: \(attemptId)")
            }
            return .empty
        }
    }
}
