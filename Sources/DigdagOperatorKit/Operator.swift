import DigdagCore

/// A task type such as `echo` or `sh`. Operators are stateless; per-task state lives in
/// the request's `lastStateParams`.
public protocol Operator: Sendable {
    /// The type name written before `>` in a `.dig` file, e.g. `echo`.
    var type: String { get }
    /// True when `_retry` applies to this operator (Digdag's BaseOperator family: sh, py, rb,
    /// call, http, pg, ...). False for echo, fail, if, loop, for_each, for_range, wait.
    var honorsRetry: Bool { get }
    /// True when the operator may read or write the project's files (its working directory, a
    /// script, a query file, a called workflow). A server extracts an attempt's project archive
    /// only before the first task that does: attempts of echo>, if>, for_each> and the like never
    /// pay for it.
    var readsProjectFiles: Bool { get }
    /// True when a task of this operator is a moment of this process's work (`echo>`, `if>`,
    /// `for_each>`) or a wait that holds no command (`wait>`, `require>`): a server never hands it
    /// to another node through the task queue, whose round trips would cost more than the task.
    var isInstant: Bool { get }
    /// True when a task of this operator only computes in this process and ends at once
    /// (`echo>`, `fail>`, `if>`, `for_each>`, `for_range>`, `loop>`): a server need not store the
    /// task's start before running it, since after a crash it simply runs again. A stretch of such
    /// tasks then costs one database commit instead of one per task.
    var isReplayable: Bool { get }
    /// The task keys this operator reads besides its command, or nil when it reads keys it
    /// cannot list (then no `Parameter 'k' is not used` warnings are given for it).
    var knownOptions: Set<String>? { get }
    /// Runs the task. Throws `OperatorError` (or `ConfigError`) when it does not succeed.
    func run(_ context: OperatorContext) async throws -> TaskResult
}

extension Operator {
    /// Operators honour `_retry` unless they say otherwise.
    public var honorsRetry: Bool { true }
    /// Operators may use the project's files unless they say otherwise.
    public var readsProjectFiles: Bool { true }
    /// Operators run commands or I/O unless they say otherwise.
    public var isInstant: Bool { false }
    /// Operators have effects outside the process, or take time, unless they say otherwise.
    public var isReplayable: Bool { false }
    /// By default an operator's options are not listed.
    public var knownOptions: Set<String>? { nil }
}

/// The operators known to one run or server, by type name.
public struct OperatorRegistry: Sendable {
    private var operators: [String: any Operator] = [:]

    /// Creates a registry holding `operators`.
    public init(_ operators: [any Operator] = []) {
        for op in operators { register(op) }
    }

    /// Adds or replaces an operator.
    public mutating func register(_ op: any Operator) {
        operators[op.type] = op
    }

    /// The operator for a type name.
    public func callAsFunction(_ type: String) -> (any Operator)? {
        operators[type]
    }
}
