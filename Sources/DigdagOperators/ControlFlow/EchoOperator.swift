import DigdagCore
import DigdagOperatorKit

/// `echo>: MESSAGE`: prints the message to the task's output.
public struct EchoOperator: Operator {
    public let type = "echo"
    public var knownOptions: Set<String>? { [] }
    public var honorsRetry: Bool { false }
    public var readsProjectFiles: Bool { false }
    public var isInstant: Bool { true }
    public var isReplayable: Bool { true }

    /// Creates the operator.
    public init() {}

    public func run(_ context: OperatorContext) async throws -> TaskResult {
        let message: String
        switch context.request.command {
        case nil, .null?: message = ""
        case .object?, .array?:
            throw OperatorError.config("Expected a string for _command but got \(context.request.command!.kindName)")
        case let value?: message = value.textValue
        }
        context.output.write(message + "\n")
        return .empty
    }
}

/// `fail>: MESSAGE`: always fails with the message as `error.message`.
public struct FailOperator: Operator {
    public let type = "fail"
    public var knownOptions: Set<String>? { [] }
    public var honorsRetry: Bool { false }
    public var readsProjectFiles: Bool { false }
    public var isInstant: Bool { true }
    public var isReplayable: Bool { true }

    /// Creates the operator.
    public init() {}

    public func run(_ context: OperatorContext) async throws -> TaskResult {
        let message = context.request.command.map { $0.isNull ? "" : $0.textValue } ?? ""
        throw OperatorError.failed(message)
    }
}

/// `notify>`: Digdag's internal alert operator (`^failure-alert`). Without a configured
/// notification channel it does nothing, as in Digdag.
public struct NotifyOperator: Operator {
    public let type = "notify"
    public var honorsRetry: Bool { false }
    public var readsProjectFiles: Bool { false }
    public var isInstant: Bool { true }

    /// Creates the operator.
    public init() {}

    public func run(_ context: OperatorContext) async throws -> TaskResult { .empty }
}
