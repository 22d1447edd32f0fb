import Foundation

/// The tasks of one session attempt and Digdag's rules for moving them: a pure state machine.
///
/// Callers report operator outcomes (`taskSucceeded`, `taskFailed`, `retryTask`), then call
/// `propagate(now:)` and `startReadyTasks(now:)` to learn which tasks to run next. Nothing
/// here reads the clock or performs I/O; problems worth logging are returned as `notices`.
public struct AttemptState: Sendable {
    /// All tasks, indexed by `id - 1`.
    public internal(set) var tasks: [AttemptTask] = []
    /// Child ids by parent id, in id order.
    var childrenByParent: [Int64: [Int64]] = [:]
    /// The most tasks this attempt may hold (`executor.task_max_run`).
    public var maxTasks: Int
    /// Log-worthy events produced since the caller last emptied it.
    public var notices: [AttemptNotice] = []
    /// Tasks that succeeded since `takeSucceededTasks()` was last called.
    var succeededSinceLastTake: [Int64] = []
    /// Memoized upstream-chain stores by task id (see `collectParams`).
    var chainStoreCache: [Int64: Config] = [:]

    private let compiler = WorkflowCompiler()
    /// The root's `sla:` and its deadline while it has not fired (`armSla`).
    var pendingSla: (rule: SlaRule, deadline: Date)?

    /// Creates an attempt from a compiled workflow; the root starts `planned`.
    public init(workflow: [WorkflowTask], maxTasks: Int = 1000) throws(AttemptError) {
        self.maxTasks = maxTasks
        if workflow.count > maxTasks {
            throw AttemptError.taskLimit(limit: maxTasks, current: 0, adding: workflow.count)
        }
        _ = add(workflow, parentId: nil, rootUpstreams: [], initial: true)
        if !tasks.isEmpty { tasks[0].state = .planned }
    }

    /// The root task.
    public var root: AttemptTask { tasks[0] }

    /// True once the root task is done.
    public var isDone: Bool { root.state.isDone }

    /// The task with `id`.
    public func task(_ id: Int64) -> AttemptTask { tasks[Int(id - 1)] }

    /// Child ids of a task, in id order.
    public func children(of id: Int64) -> [Int64] { childrenByParent[id] ?? [] }

    /// Marks every unfinished task as cancel-requested (a kill).
    public mutating func requestCancel() {
        for i in tasks.indices where !tasks[i].state.isDone { tasks[i].flags.insert(.cancelRequested) }
    }

    // MARK: - Adding tasks

    @discardableResult
    mutating func add(_ list: [WorkflowTask], parentId: Int64?, rootUpstreams: [Int64], initial: Bool) -> Int64 {
        var indexToId: [Int64] = []
        for wt in list {
            let id = Int64(tasks.count + 1)
            let parent = wt.parentIndex.map { indexToId[$0] } ?? parentId
            var upstreams = wt.upstreamIndexes.map { indexToId[$0] }
            if wt.parentIndex == nil { upstreams += rootUpstreams }
            tasks.append(
                AttemptTask(
                    id: id, parentId: parent, fullName: wt.fullName, upstreamIds: upstreams, isGroup: wt.isGroup,
                    localConfig: wt.localConfig, exportConfig: wt.exportConfig, state: .blocked,
                    flags: initial ? [.initialTask] : []))
            if let parent { childrenByParent[parent, default: []].append(id) }
            indexToId.append(id)
        }
        return indexToId.first ?? 0
    }

    /// The `_env` that tasks generated under task `id` inherit: its own over that of the nearest
    /// group above it (which holds the variables of every group above it).
    func inheritedEnv(_ id: Int64) -> Config {
        let own = task(id).localConfig["_env"]?.objectValue ?? [:]
        var above = task(id).parentId
        while let parent = above {
            if let env = task(parent).localConfig["_env"]?.objectValue { return env.merging(own) { _, own in own } }
            above = task(parent).parentId
        }
        return own
    }

    mutating func addGenerated(
        under parentId: Int64, name: String, config: Config, upstreams: [Int64], initial: Bool, limited: Bool
    ) throws -> Int64? {
        guard !config.isEmpty else { return nil }
        let list = try compiler.compileTasks(
            parentFullName: task(parentId).fullName, name: name, config: config, inheritedEnv: inheritedEnv(parentId))
        guard !list.isEmpty else { return nil }
        if limited && tasks.count + list.count > maxTasks {
            throw AttemptError.taskLimit(limit: maxTasks, current: tasks.count, adding: list.count)
        }
        return add(list, parentId: parentId, rootUpstreams: upstreams, initial: initial)
    }
}

/// Something the state machine wants logged.
public enum AttemptNotice: Equatable, Sendable {
    /// A generated subtask or `_check` config was invalid; the task fails.
    case configurationError(taskName: String, message: String)
    /// Generated tasks would exceed the task limit.
    case taskLimitExceeded(taskName: String)
    /// An `_error` block could not be added.
    case brokenErrorTask(taskName: String, message: String)
    /// A group `_retry` could not be read.
    case invalidRetry(taskName: String)
    /// The `sla:` tasks could not be added.
    case brokenSlaTasks(message: String)
}

/// Errors from building or growing an attempt.
public enum AttemptError: Error, Equatable, Sendable {
    /// Too many tasks (Digdag's TaskLimitExceededException).
    case taskLimit(limit: Int, current: Int, adding: Int)

    /// Digdag's message for it.
    public var message: String {
        switch self {
        case .taskLimit(let limit, let current, let adding):
            "Too many tasks. Limit: \(limit), Current: \(current), Adding: \(adding)"
        }
    }
}
