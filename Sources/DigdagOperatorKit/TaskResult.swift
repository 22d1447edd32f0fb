import DigdagCore

/// What an operator produced: generated subtasks and parameters for later tasks.
public struct TaskResult: Sendable, Equatable {
    /// Config of generated subtasks; non-empty means a `^sub` task is added under this task.
    public var subtaskConfig: Config
    /// Parameters exported to this task's generated children.
    public var exportParams: Config
    /// Parameters stored for every task that comes after this one in the DAG.
    public var storeParams: Config
    /// Dotted keys removed from the store before `storeParams` is merged (e.g. `http.last_content`).
    public var resetStoreParams: [String]

    /// Creates a result.
    public init(
        subtaskConfig: Config = [:], exportParams: Config = [:], storeParams: Config = [:],
        resetStoreParams: [String] = []
    ) {
        self.subtaskConfig = subtaskConfig
        self.exportParams = exportParams
        self.storeParams = storeParams
        self.resetStoreParams = resetStoreParams
    }

    /// A result with nothing in it.
    public static let empty = TaskResult()
}
