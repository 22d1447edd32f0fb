import DigdagCore
import DigdagOperatorKit
import Foundation

/// `call>: FILE[.dig]`: runs another workflow of the project as this task's `^sub`, in the same
/// session and attempt. The file is resolved against the task's working directory.
public struct CallOperator: Operator {
    public let type = "call"
    public var knownOptions: Set<String>? { ["_retry"] }

    /// Creates the operator.
    public init() {}

    public func run(_ context: OperatorContext) async throws -> TaskResult {
        guard case .string(var file)? = context.request.command, !file.isEmpty else {
            throw OperatorError.config("Parameter '_command' is required but not set")
        }
        if !file.hasSuffix(".dig") { file += ".dig" }
        let absolute = context.workspacePath.appendingPathComponent(file).standardizedFileURL.path
        let root = context.projectPath.standardizedFileURL.path
        guard absolute.hasPrefix(root + "/") else {
            throw OperatorError.config("File name must not include ..: \(file)")
        }
        let relative = String(absolute.dropFirst(root.count + 1))
        return TaskResult(subtaskConfig: try context.workflows.loadWorkflow(path: relative))
    }
}
