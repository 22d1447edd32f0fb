import DigdagCore
import DigdagOperatorKit
import Foundation

/// The sessions of one local run (Digdag keeps them in an in-memory database): the main attempt
/// is session 1 / attempt 1, and `require>` adds sessions 2, 3, ... of other workflows, run in
/// this process with their own ids.
public actor LocalSessions: WorkflowSessions {
    /// A workflow as `require>` needs it.
    public struct Definition: Sendable {
        /// Compiled tasks.
        public var tasks: [WorkflowTask]
        /// Time zone name and zone.
        public var timeZoneName: String
        public var timeZone: TimeZone

        /// Creates a definition.
        public init(tasks: [WorkflowTask], timeZoneName: String, timeZone: TimeZone) {
            self.tasks = tasks
            self.timeZoneName = timeZoneName
            self.timeZone = timeZone
        }
    }

    /// Everything a new attempt is run with, besides its workflow.
    public struct Environment: Sendable {
        var template: AttemptSpec
        var operators: OperatorRegistry
        var evaluator: any ParamsEvaluator
        var secrets: any SecretStore
        var sink: any RuntimeLogSink
        var processEnvironment: [String: String]

        /// Creates the environment from the main attempt's spec (for ids, params and paths).
        public init(
            template: AttemptSpec, operators: OperatorRegistry, evaluator: any ParamsEvaluator,
            secrets: any SecretStore, sink: any RuntimeLogSink, processEnvironment: [String: String]
        ) {
            self.template = template
            self.operators = operators
            self.evaluator = evaluator
            self.secrets = secrets
            self.sink = sink
            self.processEnvironment = processEnvironment
        }
    }

    private struct Key: Hashable {
        var workflow: String
        var sessionTime: Date
    }

    private struct Session {
        var id: Int64
        var attemptId: Int64
        var done: Bool
        var success: Bool
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let definitions: @Sendable (String) throws -> Definition?
    private var environment: Environment?
    private var sessions: [Key: Session] = [:]
    /// Which session each waiting session waits for (a `require>` in progress), to refuse cycles.
    private var waitsFor: [Key: Key] = [:]
    private var nextSessionId: Int64 = 2
    private var nextAttemptId: Int64 = 2

    /// Creates the store; `definitions` looks up a workflow of the project by name.
    public init(definitions: @escaping @Sendable (String) throws -> Definition?) {
        self.definitions = definitions
    }

    /// Sets how new attempts run (the main attempt's operators, evaluator, log, ...).
    public func configure(_ environment: Environment) {
        self.environment = environment
    }

    public func require(_ request: RequireRequest) async throws -> RequireState {
        if let id = request.projectId, id != 1 { return .notFound }
        if let name = request.projectName, name != "default" { return .notFound }
        guard let definition = try definitions(request.workflowName), let environment else { return .notFound }
        let key = Key(workflow: request.workflowName, sessionTime: request.sessionTime)
        let requester = request.requester.map { Key(workflow: $0.workflowName, sessionTime: $0.sessionTime) }
        if let requester {
            if let cycle = cycle(from: requester, to: key) {
                throw OperatorError.config("require> cycle: \(cycle.map(\.workflow).joined(separator: " -> "))")
            }
            waitsFor[requester] = key
        }
        defer { if let requester { waitsFor[requester] = nil } }
        var rerunName = request.retryAttemptName
        if var session = sessions[key] {
            if !session.done {
                await withCheckedContinuation { session.waiters.append($0); sessions[key] = session }
                session = sessions[key]!
            }
            let rerun = request.rerunOn == .all || (request.rerunOn == .failed && !session.success)
            if !rerun {
                return .finished(sessionId: session.id, attemptId: session.attemptId, success: session.success)
            }
            if rerunName == nil { rerunName = UUID().uuidString.lowercased() }
        }
        return await start(key, definition: definition, request: request, retryAttemptName: rerunName, environment)
    }

    /// The chain of sessions from `requester` back to itself through `target`, if waiting would close one.
    private func cycle(from requester: Key, to target: Key) -> [Key]? {
        WaitCycle.find(from: requester, to: target, in: waitsFor)
    }

    private func start(
        _ key: Key, definition: Definition, request: RequireRequest, retryAttemptName: String?,
        _ environment: Environment
    ) async -> RequireState {
        let sessionId = sessions[key]?.id ?? nextSessionId
        if sessions[key] == nil { nextSessionId += 1 }
        let attemptId = nextAttemptId
        nextAttemptId += 1
        sessions[key] = Session(id: sessionId, attemptId: attemptId, done: false, success: false)

        var spec = environment.template
        spec.workflowName = request.workflowName
        spec.sessionId = sessionId
        spec.attemptId = attemptId
        spec.sessionUUID = UUID().uuidString.lowercased()
        spec.sessionTime = request.sessionTime
        spec.timeZoneName = definition.timeZoneName
        spec.timeZone = definition.timeZone
        spec.retryAttemptName = retryAttemptName
        spec.tasks = definition.tasks
        spec.baseParams = environment.template.baseParams.deepMerging(request.params)
        let shown = ZonedTime(request.sessionTime, definition.timeZone).isoOffset
        environment.sink.log(
            .info, thread: "main", source: LogSource.workflowExecutor,
            "Starting a new session project id=\(spec.projectId) workflow name=\(request.workflowName) session_time=\(shown)")
        let runner = AttemptRunner(
            spec: spec, operators: environment.operators, evaluator: environment.evaluator,
            secrets: environment.secrets, gate: RunEverything(), sink: environment.sink,
            environment: environment.processEnvironment)
        var success = false
        do {
            let state = try await runner.run()
            success = state.root.state == .success
        } catch {
            environment.sink.log(.error, thread: "main", source: LogSource.workflowExecutor, error.message)
        }
        var session = sessions[key]!
        session.done = true
        session.success = success
        let waiters = session.waiters
        session.waiters = []
        sessions[key] = session
        for waiter in waiters { waiter.resume() }
        return .finished(sessionId: sessionId, attemptId: attemptId, success: success)
    }
}
