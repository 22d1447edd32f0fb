import DigdagCore
import DigdagOperatorKit
import Foundation

/// Runs one task the way Digdag's agent does: builds its params, evaluates `${...}`, logs the
/// operator line, calls the operator and turns its outcome into a `TaskCompletion`.
struct TaskRunner: Sendable {
    let spec: AttemptSpec
    let operators: OperatorRegistry
    let evaluator: any ParamsEvaluator
    let secrets: any SecretStore
    let gate: any TaskGate
    let sink: any RuntimeLogSink
    let environment: [String: String]
    /// True when the caller records the task's end through the node's group commit, which the
    /// task's last log piece then joins (an attempt run here); false when the completion goes
    /// elsewhere (a queued task), so the log is stored before `run` returns.
    var logsJoinStateWrites = false

    /// True when tasks of operator `type` stay on this node (`Operator.isInstant`); unknown
    /// types are not instant (the node that runs the task reports them).
    func isInstant(_ type: String) -> Bool { operators(type)?.isInstant ?? false }

    /// True when `task` may run before its start is stored (`Operator.isReplayable`).
    func isReplayable(_ task: AttemptTask) -> Bool {
        task.operatorType.flatMap { operators($0)?.isReplayable } ?? false
    }

    /// Runs `task`, whose inherited params are `params` (from the attempt's parameter walk).
    func run(_ task: AttemptTask, params inherited: Config, thread: String) async -> TaskCompletion {
        let file = spec.taskLogs?.open(taskName: task.fullName, spec: spec)
        let operatorName = task.operatorType ?? "none"
        RuntimeMetrics.taskStarted(operator: operatorName)
        let completion = await run(task, params: inherited, log: TaskLog(sink: sink, thread: thread, file: file))
        RuntimeMetrics.taskFinished(operator: operatorName, state: completion.metricState)
        if logsJoinStateWrites { await file?.closeBeforeStateWrite() } else { await file?.close() }
        return completion
    }

    private func run(_ task: AttemptTask, params inherited: Config, log: TaskLog) async -> TaskCompletion {
        if let saved = gate.skipResult(forTask: task.fullName) {
            log.log(.warn, source: LogSource.runSkip, "Skipped")
            return .succeeded(saved)
        }
        var params = inherited
        params.removeValue(forKey: "_check")
        params.removeValue(forKey: "_error")
        var local = task.localConfig
        local.removeValue(forKey: "_check")
        local.removeValue(forKey: "_error")

        let config: Config
        do {
            config = try evaluatedConfig(task, params: params, local: local)
        } catch {
            return configFailure(task, error.message, log: log)
        }
        return await runOperator(task, config: config, local: local, log: log)
    }

    private func evaluatedConfig(_ task: AttemptTask, params: Config, local: Config) throws(ConfigError) -> Config {
        var all = params
        all.deepMerge(
            BuiltInParams.make(
                timeZoneName: spec.timeZoneName, zone: spec.timeZone, sessionUUID: spec.sessionUUID,
                sessionTime: spec.sessionTime, sessionId: spec.sessionId, projectId: spec.projectId,
                retryAttemptName: spec.retryAttemptName, attemptId: spec.attemptId, taskName: task.fullName,
                config: params))
        let scope = all
        all.deepMerge(local)
        return try evaluator.evaluate(all, scope: scope, timeZone: spec.timeZoneName)
    }

    private func runOperator(_ task: AttemptTask, config evaluated: Config, local: Config, log: TaskLog) async
        -> TaskCompletion
    {
        var config = evaluated
        let type: String
        if let explicit = config["_type"] {
            type = explicit.textValue
            if task.retryCount == 0 { log.log(.info, "type: \(type)") }
        } else if let key = config.keys.first(where: { $0.hasSuffix(">") }) {
            type = String(key.dropLast())
            let command = config[key] ?? .null
            config["_type"] = .string(type)
            if command.isNull { config.removeValue(forKey: "_command") } else { config["_command"] = command }
            if task.retryCount == 0 {
                log.log(.info, "\(type)>: \(command.isNull ? "" : JSONText.javaToString(command))")
            }
        } else {
            return .succeeded(TaskOutcome())
        }

        var evaluatedLocal: Config = [:]
        for key in local.keys { evaluatedLocal[key] = config[key] ?? .null }
        if let dump = gate.paramsDump(config) { log.log(.warn, "\n" + dump) }
        guard let op = operators(type) else { return configFailure(task, "Unknown task type: \(type)", log: log) }
        if !gate.executesOperators { return .succeeded(TaskOutcome()) }

        if op.readsProjectFiles, let files = spec.projectFiles {
            do {
                try await files.prepare()
            } catch {
                return failure(task, op: op, config: config, error: error, log: log)
            }
        }
        let mounts = config.nestedOrEmpty("_secrets")
        config.removeValue(forKey: "_secrets")
        let workdir = config["_workdir"]?.stringValue ?? ""
        let request = TaskRequest(
            siteId: spec.siteId, projectId: spec.projectId, projectName: spec.projectName,
            workflowName: spec.workflowName, sessionId: spec.sessionId, attemptId: spec.attemptId, taskId: task.id,
            taskName: task.fullName, timeZone: spec.timeZoneName, sessionTime: spec.sessionTime,
            retryAttemptName: spec.retryAttemptName, config: config, localConfig: evaluatedLocal,
            lastStateParams: task.stateParams, retryCount: task.retryCount, revision: spec.revision)
        let context = OperatorContext(
            request: request, projectPath: spec.projectPath,
            workspacePath: workdir.isEmpty ? spec.projectPath : spec.projectPath.appendingPathComponent(workdir),
            secrets: MountedSecrets(store: secrets, mounts: mounts), logger: log, output: log,
            templates: EvaluatorTemplates(evaluator: evaluator), systemConfig: spec.systemConfig,
            environment: environment, workflows: spec.workflows, sessions: spec.sessions)
        do {
            let result = try await op.run(context)
            warnUnusedKeys(local, operatorKey: type + ">", known: op.knownOptions, task: task, log: log)
            return .succeeded(result)
        } catch let error {
            return failure(task, op: op, config: config, error: error, log: log)
        }
    }

    private func failure(_ task: AttemptTask, op: any Operator, config: Config, error: any Error, log: TaskLog)
        -> TaskCompletion
    {
        let operatorError: OperatorError
        switch error {
        case let e as OperatorError: operatorError = e
        case let e as ConfigError: operatorError = .config(e.message)
        default: operatorError = .runtime("\(error)")
        }
        if case .poll(let seconds, let state) = operatorError {
            return .retry(afterSeconds: seconds, stateParams: state, error: nil)
        }
        let errorConfig: Config = ["message": .string(operatorError.errorMessage)]
        if Task.isCancelled {
            // The attempt was killed while the task ran: no retry.
            log.log(.error, "Task \(task.fullName) was killed: \(operatorError.errorMessage)")
            return .failed(error: errorConfig)
        }
        if op.honorsRetry {
            switch RetryPolicy.read(config, stateParams: task.stateParams, enabledByDefault: false) {
            case .success(let policy) where policy.shouldRetry:
                log.log(.error, "Task failed, retrying")
                return .retry(afterSeconds: policy.nextInterval, stateParams: policy.nextStateParams, error: errorConfig)
            case .failure(let invalid):
                // As Digdag: a `_retry` that cannot be read fails the task with that error.
                return configFailure(task, invalid.message, log: log)
            case .success:
                break
            }
        }
        switch operatorError {
        case .failed(let message): log.log(.error, "Task \(task.fullName) failed.\n\(message)")
        case .config(let message): log.log(.error, "Configuration error at task \(task.fullName): \(message) (config)")
        case .runtime(let message): log.log(.error, "Task failed with unexpected error: \(message)")
        case .poll: break
        }
        return .failed(error: errorConfig)
    }

    /// Digdag's `Parameter 'k' is not used at task +t.` for the task's own keys that the operator
    /// does not read (only for operators that list their options).
    private func warnUnusedKeys(_ local: Config, operatorKey: String, known: Set<String>?, task: AttemptTask, log: TaskLog) {
        guard let known else { return }
        let unused = local.keys.filter { $0 != operatorKey && $0 != "_type" && $0 != "_command" && !known.contains($0) }
        for key in unused {
            log.log(.error, "Parameter '\(key)' is not used at task \(task.fullName).")
            let suggestions = EditDistance.suggest(key, among: known.sorted())
            if !suggestions.isEmpty { log.log(.error, "  > Did you mean [\(suggestions.joined(separator: ", "))]?") }
        }
    }

    private func configFailure(_ task: AttemptTask, _ message: String, log: TaskLog) -> TaskCompletion {
        log.log(.error, "Configuration error at task \(task.fullName): \(message) (config)")
        return .failed(error: ["message": .string("\(message) (config)")])
    }
}

/// Template rendering for operators, backed by the params evaluator.
struct EvaluatorTemplates: TemplateRenderer {
    let evaluator: any ParamsEvaluator

    func render(_ text: String, params: Config, timeZone: String) throws -> String {
        try evaluator.render(text, scope: params, timeZone: timeZone)
    }
}
