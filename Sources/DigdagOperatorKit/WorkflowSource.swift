import DigdagCore
import Foundation

/// Loads workflow definitions for operators that generate tasks from other files or text
/// (`call>`, `http_call>`), with Digdag's YAML rules and validation.
public protocol WorkflowSource: Sendable {
    /// The task config of the `.dig` file at `path` (relative to the project directory), with
    /// `_export._workdir` set to the file's directory when it is in a subdirectory.
    func loadWorkflow(path: String) throws -> Config
    /// The task config of workflow text (YAML or JSON) received from elsewhere, named `name`.
    func parseWorkflow(_ text: String, name: String) throws -> Config
}

/// A source that has no workflows (tests of operators that do not need one).
public struct NoWorkflows: WorkflowSource {
    /// Creates the source.
    public init() {}

    public func loadWorkflow(path: String) throws -> Config {
        throw OperatorError.config("Loading workflows is not available here: \(path)")
    }

    public func parseWorkflow(_ text: String, name: String) throws -> Config {
        throw OperatorError.config("Loading workflows is not available here: \(name)")
    }
}
