import DigdagCore
import DigdagOperatorKit

/// `for_range>: {from, to, step | slices}` with `_do`: one generated task per range,
/// `+range-from=<from>&to=<to>`, exporting `range: {from, to, index}`.
public struct ForRangeOperator: Operator {
    public let type = "for_range"
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
        let range = try LoopBody.nestedObject(context.request.command, name: "_command")
        let from = try LoopBody.requiredInt(range, "from")
        let to = try LoopBody.requiredInt(range, "to")
        let step = try LoopBody.optionalInt(range, "step")
        let slices = try LoopBody.optionalInt(range, "slices")
        if step != nil && slices != nil {
            throw OperatorError.config("Setting both step and slices options to for_range is invalid")
        }
        guard step != nil || slices != nil else {
            throw OperatorError.config("step or slices option is required for for_range")
        }
        if let step, step <= 0 { throw OperatorError.config("step option must be same or greater than 1 but got \(step)") }
        if let slices, slices <= 0 {
            throw OperatorError.config("slices option must be same or greater than 1 but got \(slices)")
        }
        let size = step ?? (to - from + (slices! - 1)) / slices!
        let count = size > 0 && to > from ? (to - from + size - 1) / size : 0
        let limit = LoopBody.taskLimit(context)
        if count > limit { throw OperatorError.config("Too many for_range subtasks (\(count)). Limit: \(limit)") }

        var generated: Config = [:]
        var position = from
        var index: Int64 = 0
        while position < to && size > 0 {
            let end = min(position + size, to)
            var task = body
            var export = task.nestedOrEmpty("_export")
            export["range"] = ["from": .int(position), "to": .int(end), "index": .int(index)]
            task["_export"] = .object(export)
            generated["+range-from=\(position)&to=\(end)"] = .object(task)
            position += size
            index += 1
        }
        return TaskResult(subtaskConfig: LoopBody.subtaskGroup(generated, params: params))
    }
}

/// `if>: BOOL` with `_do` and/or `_else_do`: the chosen body becomes `^sub`.
public struct IfOperator: Operator {
    public let type = "if"
    public var knownOptions: Set<String>? { ["_do", "_else_do"] }
    public var honorsRetry: Bool { false }
    public var readsProjectFiles: Bool { false }
    public var isInstant: Bool { true }
    public var isReplayable: Bool { true }

    /// Creates the operator.
    public init() {}

    public func run(_ context: OperatorContext) async throws -> TaskResult {
        let params = context.request.config
        let thenBody = params["_do"]?.objectValue ?? [:]
        let elseBody = params["_else_do"]?.objectValue ?? [:]
        guard let command = context.request.command else {
            throw OperatorError.config("Parameter '_command' is required but not set")
        }
        let condition: Bool
        switch command {
        case .bool(let b): condition = b
        case .int(let i): condition = i != 0
        case .string(let s) where s.isEmpty: condition = false
        case .string(let s) where ["true", "True", "false", "False"].contains(s): condition = s.lowercased() == "true"
        default:
            throw OperatorError.config("Expected boolean for parameter '_command' but got \(JSONText.compact(command))")
        }
        if thenBody.isEmpty && elseBody.isEmpty {
            throw OperatorError.config("Both _do and _else_do are not specified.")
        }
        return TaskResult(subtaskConfig: condition ? thenBody : elseBody)
    }
}
