import DigdagCore
import DigdagOperatorKit
import Foundation

/// `for_each>: {key: [values...]}` with `_do`: one generated task per combination, the first
/// key varying slowest, named `+for-<i>=<key>=<j>=<value>`.
public struct ForEachOperator: Operator {
    public let type = "for_each"
    public var knownOptions: Set<String>? { ["_do", "_parallel"] }
    public var honorsRetry: Bool { false }
    public var readsProjectFiles: Bool { false }
    public var isInstant: Bool { true }
    public var isReplayable: Bool { true }

    /// Creates the operator.
    public init() {}

    public func run(_ context: OperatorContext) async throws -> TaskResult {
        let params = context.request.config
        let body = try LoopBody.doConfig(params)
        let variables = try parseVariables(context.request.command)
        var combinations: [[(String, Int, ConfigValue)]] = [[]]
        for (key, values) in variables {
            var next: [[(String, Int, ConfigValue)]] = []
            for combination in combinations {
                for (j, value) in values.enumerated() { next.append(combination + [(key, j, value)]) }
            }
            combinations = next
        }
        if variables.isEmpty { combinations = [] }
        let limit = LoopBody.taskLimit(context)
        if combinations.count > limit {
            throw OperatorError.config("Too many for_each subtasks. Limit: \(limit)")
        }
        var generated: Config = [:]
        for combination in combinations {
            let name = "+for-" + combination.enumerated().map { i, item in
                "\(i)=\(TaskNameTag.encode(.string(item.0)))=\(item.1)=\(TaskNameTag.encode(item.2))"
            }.joined(separator: "&")
            var export: Config = [:]
            for (key, _, value) in combination { export[key] = value }
            generated[name] = .object(LoopBody.withExports(body, export))
        }
        return TaskResult(subtaskConfig: LoopBody.subtaskGroup(generated, params: params))
    }

    private func parseVariables(_ command: ConfigValue?) throws -> [(String, [ConfigValue])] {
        let object: Config
        switch command {
        case .object(let o)?: object = o
        case .string(let s)?:
            guard case .object(let o) = try JSONText.parse(s) else {
                throw OperatorError.config("Expected object for for_each> but got \(s)")
            }
            object = o
        default:
            throw OperatorError.config("Parameter 'for_each>' is required but not set")
        }
        return try object.map { key, value in
            switch value {
            case .array(let items): return (key, items)
            case .string(let s):
                guard case .array(let items) = try JSONText.parse(s) else {
                    throw OperatorError.config("Expected array for key '\(key)' but got \(s)")
                }
                return (key, items)
            default:
                throw OperatorError.config("Expected array for key '\(key)' but got \(JSONText.compact(value))")
            }
        }
    }
}

/// `loop>: N` with `_do`: N generated tasks `+loop-0` ... exporting `i`.
public struct LoopOperator: Operator {
    public let type = "loop"
    public var knownOptions: Set<String>? { ["_do", "_parallel", "count"] }
    public var honorsRetry: Bool { false }
    public var readsProjectFiles: Bool { false }
    public var isInstant: Bool { true }
    public var isReplayable: Bool { true }

    /// Creates the operator.
    public init() {}

    public func run(_ context: OperatorContext) async throws -> TaskResult {
        let params = context.request.config
        let body = try LoopBody.doConfig(params)
        let countValue = context.request.command.flatMap { $0.isNull ? nil : $0 } ?? params["count"]
        guard let countValue else { throw OperatorError.config("Parameter 'count' is required but not set") }
        guard let count = ConfigCoercion.int(countValue) else {
            throw OperatorError.config("Expected integer for loop> but got \(countValue.textValue)")
        }
        let limit = LoopBody.taskLimit(context)
        if count > limit { throw OperatorError.config("Too many loop subtasks. Limit: \(limit)") }
        var generated: Config = [:]
        for i in 0..<max(count, 0) {
            generated["+loop-\(i)"] = .object(LoopBody.withExports(body, ["i": .int(i)]))
        }
        return TaskResult(subtaskConfig: LoopBody.subtaskGroup(generated, params: params))
    }
}
