import Foundation

extension AttemptState {
    /// An operator finished successfully: generated `^sub` and `^check` tasks are added and the
    /// task becomes `planned`, or `success` when nothing was generated.
    public mutating func taskSucceeded(_ id: Int64, result: TaskOutcome, now: Date) {
        let i = Int(id - 1)
        guard tasks[i].state == .running else { return }
        if tasks[i].flags.contains(.cancelRequested) { return setDone(i, .canceled, now) }
        let subRoot: Int64?
        let checkRoot: Int64?
        do {
            subRoot = try addGenerated(
                under: id, name: "^sub", config: result.subtaskConfig, upstreams: [], initial: true, limited: true)
            let checkConfig = tasks[i].mergedConfig.nestedOrEmpty("_check")
            checkRoot = try addGenerated(
                under: id, name: "^check", config: checkConfig, upstreams: subRoot.map { [$0] } ?? [], initial: false,
                limited: true)
        } catch let error as AttemptError {
            notices.append(.taskLimitExceeded(taskName: tasks[i].fullName))
            return taskFailed(id, error: ["message": .string(error.message + " (task limit exceeded)")], now: now)
        } catch {
            let message = (error as? ConfigError)?.message ?? "\(error)"
            notices.append(.configurationError(taskName: tasks[i].fullName, message: message + " (config)"))
            return taskFailed(id, error: ["message": .string(message + " (config)")], now: now)
        }
        tasks[i].storeParams = result.storeParams
        tasks[i].resetStoreParams = result.resetStoreParams
        tasks[i].exportParams = result.exportParams
        tasks[i].subtaskConfig = result.subtaskConfig
        if subRoot != nil || checkRoot != nil {
            tasks[i].state = .planned
            tasks[i].updatedAt = now
        } else {
            setDone(i, .success, now)
        }
    }

    /// An operator failed for good: `^error` is added when the task has `_error`, otherwise
    /// the task becomes `error`.
    public mutating func taskFailed(_ id: Int64, error: Config, now: Date) {
        let i = Int(id - 1)
        guard tasks[i].state == .running else { return }
        if tasks[i].flags.contains(.cancelRequested) { return setDone(i, .canceled, now) }
        tasks[i].error = error
        if addErrorTask(i, error: error) {
            tasks[i].state = .planned
            tasks[i].flags.insert(.delayedError)
            tasks[i].updatedAt = now
        } else {
            setDone(i, .error, now)
        }
    }

    /// An operator asked to run again after `interval` seconds (a `_retry` or a poll).
    public mutating func retryTask(_ id: Int64, interval: Int, stateParams: Config, error: Config?, now: Date) {
        let i = Int(id - 1)
        guard tasks[i].state == .running else { return }
        tasks[i].state = .retryWaiting
        tasks[i].stateParams = stateParams
        tasks[i].retryCount += 1
        tasks[i].retryAt = now.addingTimeInterval(TimeInterval(interval))
        if let error { tasks[i].error = error }
        tasks[i].updatedAt = now
    }

    /// Moves every ready operator task to `running` and returns their ids, in id order.
    public mutating func startReadyTasks(now: Date) -> [Int64] {
        var started: [Int64] = []
        for i in tasks.indices where tasks[i].state == .ready && !tasks[i].isGroup {
            tasks[i].state = .running
            if tasks[i].startedAt == nil { tasks[i].startedAt = now }
            tasks[i].updatedAt = now
            started.append(tasks[i].id)
        }
        return started
    }

    /// The earliest time a waiting task becomes ready or the SLA fires, if any.
    public var nextWakeUp: Date? {
        var earliest = isDone ? nil : pendingSla?.deadline
        for i in tasks.indices where tasks[i].state == .retryWaiting || tasks[i].state == .groupRetryWaiting {
            if let at = tasks[i].retryAt, earliest.map({ at < $0 }) ?? true { earliest = at }
        }
        return earliest
    }

    /// Ids of tasks that reached `success` since the last call, in the order they did.
    public mutating func takeSucceededTasks() -> [Int64] {
        defer { succeededSinceLastTake.removeAll() }
        return succeededSinceLastTake
    }

    mutating func setDone(_ i: Int, _ state: TaskState, _ now: Date) {
        tasks[i].state = state
        tasks[i].retryAt = nil
        tasks[i].updatedAt = now
        if state == .success { succeededSinceLastTake.append(tasks[i].id) }
    }

    /// Adds `^error` under task `i` with `error` (and, for groups, the descendants' `stores`)
    /// exported; false when the task has no `_error`.
    mutating func addErrorTask(_ i: Int, error: Config, stores: Config = [:]) -> Bool {
        var config = tasks[i].mergedConfig.nestedOrEmpty("_error")
        guard !config.isEmpty else { return false }
        var export = config.nestedOrEmpty("_export")
        export.deepMerge(stores)
        export["error"] = .object(error)
        config["_export"] = .object(export)
        do {
            return try addGenerated(
                under: tasks[i].id, name: "^error", config: config, upstreams: [], initial: false, limited: true) != nil
        } catch is AttemptError {
            notices.append(.taskLimitExceeded(taskName: tasks[i].fullName))
            return false
        } catch {
            notices.append(.brokenErrorTask(taskName: tasks[i].fullName, message: "\(error)"))
            return false
        }
    }
}

/// What an operator produced: generated subtasks (`^sub`) and parameters for later tasks.
public struct TaskOutcome: Sendable, Equatable {
    /// Generated subtasks (`^sub`).
    public var subtaskConfig: Config
    /// Parameters exported to generated children.
    public var exportParams: Config
    /// Parameters stored for later tasks.
    public var storeParams: Config
    /// Dotted keys removed before the store is merged.
    public var resetStoreParams: [String]

    /// Creates an outcome.
    public init(
        subtaskConfig: Config = [:], exportParams: Config = [:], storeParams: Config = [:],
        resetStoreParams: [String] = []
    ) {
        self.subtaskConfig = subtaskConfig
        self.exportParams = exportParams
        self.storeParams = storeParams
        self.resetStoreParams = resetStoreParams
    }
}
