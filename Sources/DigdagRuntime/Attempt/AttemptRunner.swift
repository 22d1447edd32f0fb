import DigdagCore
import DigdagOperatorKit
import Foundation

/// Runs one attempt to completion: the pure `AttemptState` decides, this loop executes.
///
/// A finished task wakes the loop at once (no polling); the only timer is the next retry or
/// poll deadline.
public struct AttemptRunner: Sendable {
    /// The attempt to run.
    public let spec: AttemptSpec
    let runner: TaskRunner
    let threadNumbers = ThreadNumbers.shared

    /// Creates a runner.
    public init(
        spec: AttemptSpec, operators: OperatorRegistry, evaluator: any ParamsEvaluator, secrets: any SecretStore,
        gate: any TaskGate, sink: any RuntimeLogSink,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.spec = spec
        self.runner = TaskRunner(
            spec: spec, operators: operators, evaluator: evaluator, secrets: secrets, gate: gate, sink: sink,
            environment: environment)
    }

    private enum Event: Sendable {
        case finished(Int64, TaskCompletion, threadNumber: Int)
        case wake
    }

    /// Runs the attempt until its root task is done and returns the final state.
    public func run() async throws(AttemptError) -> AttemptState {
        var state = try AttemptState(workflow: spec.tasks, maxTasks: spec.maxTasks)
        let limit = spec.maxTaskThreads > 0 ? spec.maxTaskThreads : Int.max
        await withTaskGroup(of: Event.self) { group in
            var running = 0
            var waiting: [Int64] = []
            var sleeperDeadline: Date?
            while true {
                let now = Date()
                state.propagate(now: now)
                drainNotices(&state)
                reportSuccesses(&state)
                waiting += state.startReadyTasks(now: now)
                while running < limit, !waiting.isEmpty {
                    let id = waiting.removeFirst()
                    let task = state.task(id)
                    let params = state.collectParams(for: id, base: spec.baseParams)
                    let number = threadNumbers.acquire()
                    let thread = ThreadNumbers.threadName(
                        number: number, prefix: spec.threadPrefix, taskName: task.fullName)
                    running += 1
                    group.addTask {
                        .finished(id, await runner.run(task, params: params, thread: thread), threadNumber: number)
                    }
                }
                if state.isDone && running == 0 { break }
                if running == 0, waiting.isEmpty, state.nextWakeUp == nil {
                    break  // nothing can progress; should not happen
                }
                if let wake = state.nextWakeUp, sleeperDeadline.map({ wake < $0 }) ?? true {
                    sleeperDeadline = wake
                    let delay = max(0, wake.timeIntervalSinceNow)
                    group.addTask {
                        try? await Task.sleep(for: .milliseconds(Int(delay * 1000) + 1))
                        return .wake
                    }
                }
                guard let event = await group.next() else { break }
                switch event {
                case .wake:
                    sleeperDeadline = nil
                case .finished(let id, let completion, let number):
                    running -= 1
                    threadNumbers.release(number)
                    apply(completion, to: id, in: &state)
                }
            }
            group.cancelAll()
        }
        runner.gate.attemptFinished()
        return state
    }

    private func apply(_ completion: TaskCompletion, to id: Int64, in state: inout AttemptState) {
        let now = Date()
        switch completion {
        case .succeeded(let outcome): state.taskSucceeded(id, result: outcome, now: now)
        case .failed(let error): state.taskFailed(id, error: error, now: now)
        case .retry(let seconds, let stateParams, let error):
            state.retryTask(id, interval: seconds, stateParams: stateParams, error: error, now: now)
        }
    }

    private func reportSuccesses(_ state: inout AttemptState) {
        for id in state.takeSucceededTasks() { runner.gate.taskSucceeded(state.task(id)) }
    }

    private func drainNotices(_ state: inout AttemptState) {
        for notice in state.notices {
            switch notice {
            case .configurationError(let name, let message):
                runner.sink.log(
                    .error, thread: "main", source: LogSource.workflowExecutor,
                    "Configuration error at task \(name): \(message)")
            case .taskLimitExceeded:
                runner.sink.log(
                    .warn, thread: "main", source: LogSource.workflowExecutor,
                    "Failed to add subtasks because of task limit")
            case .brokenErrorTask(let name, _):
                runner.sink.log(
                    .warn, thread: "main", source: LogSource.workflowExecutor,
                    "Found a broken _error task in attempt \(spec.attemptId) task \(name). Skipping this task.")
            case .invalidRetry:
                runner.sink.log(
                    .warn, thread: "main", source: LogSource.workflowExecutor,
                    "Ignore retry parameter because of invalid retry configuration. attempt_id:\(spec.attemptId)")
            }
        }
        state.notices.removeAll()
    }
}
