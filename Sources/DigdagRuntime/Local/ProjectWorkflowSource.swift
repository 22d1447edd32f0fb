import DigdagCore
import DigdagOperatorKit
import DigdagProject
import Foundation

/// Workflows of a project directory on disk, for `call>` and `http_call>`.
public struct ProjectWorkflowSource: WorkflowSource {
    /// The project directory.
    public let projectPath: URL

    /// Creates a source for a project directory.
    public init(projectPath: URL) {
        self.projectPath = projectPath
    }

    public func loadWorkflow(path: String) throws -> Config {
        let file = projectPath.appendingPathComponent(path)
        return try ProjectLoader.loadWorkflow(file: file, projectDirectory: projectPath).definitionConfig
    }

    public func parseWorkflow(_ text: String, name: String) throws -> Config {
        let config = try DigdagYAML.parse(text, directory: nil)
        return try WorkflowFile(name: name, config: config).definitionConfig
    }
}
