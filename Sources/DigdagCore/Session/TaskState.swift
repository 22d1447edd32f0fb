/// The ten task states of Digdag, with its names (`blocked`, `group_error`, ...).
public enum TaskState: String, Sendable, CaseIterable {
    case blocked
    case ready
    case retryWaiting = "retry_waiting"
    case groupRetryWaiting = "group_retry_waiting"
    case running
    case planned
    case groupError = "group_error"
    case success
    case error
    case canceled

    /// States in which a task can still change by itself.
    public var isProgressing: Bool {
        switch self {
        case .ready, .retryWaiting, .groupRetryWaiting, .running, .planned: true
        default: false
        }
    }

    /// Final states.
    public var isDone: Bool {
        switch self {
        case .success, .groupError, .error, .canceled: true
        default: false
        }
    }

    /// True for `error` and `group_error`.
    public var isError: Bool { self == .error || self == .groupError }

    /// A parent in one of these states lets its blocked children start.
    public var canRunChildren: Bool { self == .planned || self == .success }
}

/// Flags beside the state, as Digdag's TaskStateFlags.
public struct TaskFlags: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// The attempt was killed: the task ends `canceled` instead of running.
    public static let cancelRequested = TaskFlags(rawValue: 1)
    /// The task failed and waits for its `^error` task before it becomes `error`.
    public static let delayedError = TaskFlags(rawValue: 2)
    /// The group failed and waits for its `^error` task before it becomes `group_error`.
    public static let delayedGroupError = TaskFlags(rawValue: 4)
    /// The task belongs to the initial tree (or a `^sub` tree) and is recreated by a group retry.
    public static let initialTask = TaskFlags(rawValue: 8)
}
