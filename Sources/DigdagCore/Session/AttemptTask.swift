import Foundation

/// A task stored in an attempt: its place in the tree, its config, state and results.
public struct AttemptTask: Sendable, Equatable {
    /// Task id, unique in the attempt, increasing in creation (declaration) order.
    public var id: Int64
    /// The parent task id; nil for the root.
    public var parentId: Int64?
    /// Full name such as `+wf+t^sub+for-0=a=0=x`.
    public var fullName: String
    /// Sibling ids that must succeed first.
    public var upstreamIds: [Int64]
    /// True for groups: they never run an operator.
    public var isGroup: Bool
    /// Local keys (config without `_export`), unevaluated.
    public var localConfig: Config
    /// The static `_export`, unevaluated.
    public var exportConfig: Config
    /// Current state.
    public var state: TaskState
    /// Flags.
    public var flags: TaskFlags
    /// Operator state kept across polls and retries (`retry_count`, ...).
    public var stateParams: Config = [:]
    /// How many times the task went back to waiting (retries and polls).
    public var retryCount: Int = 0
    /// When a waiting task may run again.
    public var retryAt: Date?
    /// When the task first started running.
    public var startedAt: Date?
    /// When the state last changed.
    public var updatedAt: Date?
    /// Parameters the operator stored for later tasks.
    public var storeParams: Config = [:]
    /// Keys removed from the store before `storeParams` is merged.
    public var resetStoreParams: [String] = []
    /// Parameters the operator exported to its generated children.
    public var exportParams: Config = [:]
    /// The subtask config the operator generated.
    public var subtaskConfig: Config = [:]
    /// The error object (`{message, stacktrace?}`) of a failed task.
    public var error: Config?

    /// Creates a task; the defaults are those of a task that never ran.
    public init(
        id: Int64, parentId: Int64?, fullName: String, upstreamIds: [Int64], isGroup: Bool, localConfig: Config,
        exportConfig: Config, state: TaskState, flags: TaskFlags, stateParams: Config = [:], retryCount: Int = 0,
        retryAt: Date? = nil, startedAt: Date? = nil, updatedAt: Date? = nil, storeParams: Config = [:],
        resetStoreParams: [String] = [], exportParams: Config = [:], subtaskConfig: Config = [:], error: Config? = nil
    ) {
        self.id = id
        self.parentId = parentId
        self.fullName = fullName
        self.upstreamIds = upstreamIds
        self.isGroup = isGroup
        self.localConfig = localConfig
        self.exportConfig = exportConfig
        self.state = state
        self.flags = flags
        self.stateParams = stateParams
        self.retryCount = retryCount
        self.retryAt = retryAt
        self.startedAt = startedAt
        self.updatedAt = updatedAt
        self.storeParams = storeParams
        self.resetStoreParams = resetStoreParams
        self.exportParams = exportParams
        self.subtaskConfig = subtaskConfig
        self.error = error
    }

    /// The local config merged over the static export (Digdag's `TaskConfig.getMerged`).
    public var mergedConfig: Config { exportConfig.deepMerging(localConfig) }

    /// Applies this task's store to `params`: reset keys, then deep-merge (Digdag's ParameterUpdate).
    public func applyStore(to params: inout Config) {
        for key in resetStoreParams { params.removeDotted(key) }
        params.deepMerge(storeParams)
    }
}

extension OrderedDictionary where Key == String, Value == ConfigValue {
    /// Removes a dotted key such as `http.last_content`.
    public mutating func removeDotted(_ dotted: String) {
        let parts = dotted.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        removePath(parts[...])
    }

    private mutating func removePath(_ parts: ArraySlice<String>) {
        guard let first = parts.first else { return }
        if parts.count == 1 {
            removeValue(forKey: first)
        } else if case .object(var nested)? = self[first] {
            nested.removePath(parts.dropFirst())
            self[first] = .object(nested)
        }
    }
}
