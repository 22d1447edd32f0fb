import DigdagCore
import DigdagOperatorKit
import DigdagStorage
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
    /// Where every state change is recorded before work starts (server mode); nil locally.
    let journal: (any AttemptJournal)?
    /// Kill requests from outside (server mode).
    let controls: AsyncStream<AttemptControl>?
    /// The cluster's task queue, for tasks this node has no free slot for (PostgreSQL servers).
    var remote: RemoteTasks?

    /// Creates a runner.
    public init(
        spec: AttemptSpec, operators: OperatorRegistry, evaluator: any ParamsEvaluator, secrets: any SecretStore,
        gate: any TaskGate, sink: any RuntimeLogSink,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        journal: (any AttemptJournal)? = nil, controls: AsyncStream<AttemptControl>? = nil
    ) {
        self.spec = spec
        self.journal = journal
        self.controls = controls
        var runner = TaskRunner(
            spec: spec, operators: operators, evaluator: evaluator, secrets: secrets, gate: gate, sink: sink,
            environment: environment)
        runner.logsJoinStateWrites = journal != nil
        self.runner = runner
    }

    private enum Event: Sendable {
        case finished(Int64, TaskCompletion, threadNumber: Int)
        case remoteFinished(RemoteCompletion)
        case publish(PublishedTask, threadNumber: Int)
        case remoteEnded
        case wake
        case control(AttemptControl)
        case controlsEnded
    }

    /// Runs the attempt until its root task is done and returns the final state.
    public func run() async throws(AttemptError) -> AttemptState {
        await run(from: try AttemptState(workflow: spec.tasks, maxTasks: spec.maxTasks))
    }

    /// Runs an attempt from a given state (a new one, or one restored after a restart) until
    /// its root task is done. With a journal, every change is recorded before tasks start.
    public func run(from initial: AttemptState) async -> AttemptState {
        var state = initial
        armSla(&state)
        // Only attempts that can be killed (a server's) pay for the kill signal.
        let killed = controls == nil ? nil : KillSignal()
        let limit = spec.maxTaskThreads > 0 ? spec.maxTaskThreads : Int.max
        await withTaskGroup(of: Event.self) { group in
            var running = 0
            var waiting: [Int64] = []
            var sleeperDeadline: Date?
            var marks = journal == nil ? [] : state.changeMarks
            var remotePending: Set<Int64> = []
            var runHere: Set<Int64> = []
            var published: [PublishedTask] = []
            /// Running tasks that are not replayable: while any runs, every change is stored at once.
            var sideEffectsRunning: Set<Int64> = []
            /// A task with effects ended since the last store: its end is stored at once, so that
            /// a task that succeeded never runs again after a crash.
            var effectEnded = false
            var lastRecord = Date()
            if let controls {
                group.addTask {
                    for await control in controls { return .control(control) }
                    return .controlsEnded
                }
            }
            if let remote {
                remotePending = remote.outstanding.union(remote.recorded.map(\.taskId))
                for recorded in remote.recorded { applyRemote(recorded, pending: &remotePending, in: &state) }
                group.addTask {
                    for await completion in remote.completions { return .remoteFinished(completion) }
                    return .remoteEnded
                }
            }
            loop: while true {
                let now = Date()
                state.propagate(now: now)
                drainNotices(&state)
                reportSuccesses(&state)
                waiting += state.startReadyTasks(now: now)
                if let journal {
                    // Changes are stored before a task with effects starts and before the loop waits
                    // for anything but replayable tasks; a stretch of replayable ones (`echo>`,
                    // `if>`, `for_each>`, ...) runs ahead of the store for up to `replayWindow`.
                    let stretch =
                        !state.isDone && !effectEnded && sideEffectsRunning.isEmpty && remotePending.isEmpty
                        && (running > 0 || !waiting.isEmpty) && now.timeIntervalSince(lastRecord) < Self.replayWindow
                        && waiting.allSatisfy { runner.isReplayable(state.task($0)) }
                    let changed = stretch ? [] : state.changedTasks(since: marks)
                    if !changed.isEmpty {
                        let finish = state.isDone ? AttemptFinish(success: state.root.state == .success, finishedAt: now) : nil
                        guard await journal.record(changed, finish: finish) else { break loop }  // fenced out
                        marks = state.changeMarks
                        lastRecord = now
                        effectEnded = false
                    }
                }
                while running < limit, !waiting.isEmpty {
                    let id = waiting.removeFirst()
                    let task = state.task(id)
                    let params = state.collectParams(for: id, base: spec.baseParams)
                    let number = threadNumbers.acquire()
                    let thread = ThreadNumbers.threadName(
                        number: number, prefix: spec.threadPrefix, taskName: task.fullName)
                    let slots = spec.taskSlots
                    var holdsSlot = false
                    if remote != nil, let slots, let type = task.operatorType, !runner.isInstant(type),
                        runHere.remove(id) == nil
                    {
                        // No free slot here: any node of the cluster with one takes it.
                        holdsSlot = await slots.tryAcquire()
                        if !holdsSlot, let remote, remote.publishAfter > .zero {
                            // Wait a moment for a slot here; publish when none comes.
                            running += 1
                            sideEffectsRunning.insert(id)
                            group.addTask {
                                guard await slots.acquire(within: remote.publishAfter) else {
                                    let later = PublishedTask(task: task, params: params, thread: thread)
                                    return .publish(later, threadNumber: number)
                                }
                                let completion = await KillSignal.run(stoppedBy: killed) { await runner.run(task, params: params, thread: thread) }
                                await slots.release()
                                return .finished(id, completion, threadNumber: number)
                            }
                            continue
                        }
                        if !holdsSlot {
                            threadNumbers.release(number)
                            published.append(PublishedTask(task: task, params: params, thread: thread))
                            continue
                        }
                    }
                    running += 1
                    if !runner.isReplayable(task) { sideEffectsRunning.insert(id) }
                    group.addTask {
                        if !holdsSlot { await slots?.acquire() }
                        let completion = await KillSignal.run(stoppedBy: killed) { await runner.run(task, params: params, thread: thread) }
                        await slots?.release()
                        return .finished(id, completion, threadNumber: number)
                    }
                }
                if let remote, !published.isEmpty {
                    let ids = published.map(\.task.id)
                    let stored = await remote.publish(published)
                    published.removeAll()
                    if stored {
                        remotePending.formUnion(ids)
                    } else {
                        // Run them here after all (waiting for slots).
                        waiting.insert(contentsOf: ids, at: 0)
                        runHere.formUnion(ids)
                        continue loop
                    }
                }
                if state.isDone && running == 0 && remotePending.isEmpty { break }
                if running == 0, waiting.isEmpty, state.nextWakeUp == nil, controls == nil {
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
                case .control(.kill):
                    state.requestCancel()
                    killed?.fire()
                    if let controls {
                        group.addTask {
                            for await control in controls { return .control(control) }
                            return .controlsEnded
                        }
                    }
                case .control(.fenced):
                    break loop
                case .controlsEnded:
                    break
                case .finished(let id, let completion, let number):
                    running -= 1
                    if sideEffectsRunning.remove(id) != nil { effectEnded = true }
                    threadNumbers.release(number)
                    apply(completion, to: id, in: &state)
                case .remoteFinished(let completion):
                    effectEnded = true
                    applyRemote(completion, pending: &remotePending, in: &state)
                    if let remote {
                        group.addTask {
                            for await completion in remote.completions { return .remoteFinished(completion) }
                            return .remoteEnded
                        }
                    }
                case .remoteEnded:
                    break
                case .publish(let task, let number):
                    running -= 1
                    sideEffectsRunning.remove(task.task.id)
                    threadNumbers.release(number)
                    published.append(task)  // published at the top of the loop
                }
            }
            group.cancelAll()
        }
        runner.gate.attemptFinished()
        return state
    }

    /// How long replayable tasks may run ahead of the journal: after a crash, at most this much
    /// of their work runs again; the console sees their progress at least this often.
    static let replayWindow: TimeInterval = 0.1

    private func apply(_ completion: TaskCompletion, to id: Int64, in state: inout AttemptState) {
        let now = Date()
        switch completion {
        case .succeeded(let outcome): state.taskSucceeded(id, result: outcome, now: now)
        case .failed(let error): state.taskFailed(id, error: error, now: now)
        case .retry(let seconds, let stateParams, let error):
            state.retryTask(id, interval: seconds, stateParams: stateParams, error: error, now: now)
        }
    }

    /// Applies a completion of a published task, once (later copies are ignored).
    private func applyRemote(_ remote: RemoteCompletion, pending: inout Set<Int64>, in state: inout AttemptState) {
        guard pending.remove(remote.taskId) != nil else { return }
        runner.sink.log(
            .info, thread: "main", source: LogSource.workflowExecutor,
            "Queued task \(state.task(remote.taskId).fullName) ran on node \(remote.node)")
        apply(remote.completion, to: remote.taskId, in: &state)
    }

    private func reportSuccesses(_ state: inout AttemptState) {
        for id in state.takeSucceededTasks() { runner.gate.taskSucceeded(state.task(id)) }
    }

    /// Arms the root's `sla:`, counted from `spec.runTime` (now when unset).
    private func armSla(_ state: inout AttemptState) {
        guard !state.tasks.isEmpty else { return }
        do {
            guard let rule = try SlaRule(rootConfig: state.root.localConfig) else { return }
            state.armSla(rule, deadline: rule.triggerTime(runTime: spec.runTime ?? Date(), timeZone: spec.timeZone))
        } catch {
            logSlaFailure(error.message)
        }
    }

    private func logSlaFailure(_ message: String) {
        runner.sink.log(
            .error, thread: "main", source: LogSource.workflowExecutor,
            "Failed to schedule a session monitor task due to deterministic error. This won't be retried. \(message)")
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
            case .brokenSlaTasks(let message):
                logSlaFailure(message)
            }
        }
        state.notices.removeAll()
    }
}

/// Records an attempt's task changes durably (the server's database).
public protocol AttemptJournal: Sendable {
    /// Stores `changed` tasks and, with `finish`, the attempt's end; returns once stored. False
    /// when this node no longer holds the attempt (fenced out): the runner stops at once.
    func record(_ changed: [AttemptTask], finish: AttemptFinish?) async -> Bool
}

/// Requests delivered to a running attempt.
public enum AttemptControl: Sendable {
    /// Kill: every unfinished task is cancel-requested.
    case kill
    /// This node lost the attempt's lease to another node: stop at once and record nothing more
    /// (running tasks are cancelled).
    case fenced
}
