import DigdagCore
import DigdagOperatorKit
import DigdagProject
import Foundation

/// Workflow loading for `call>` and `http_call>` in a local project directory, with the same
/// YAML rules and validation as `.dig` files.
struct ProjectWorkflows: WorkflowSource {
    /// Absolute project directory.
    let projectPath: URL

    func loadWorkflow(path: String) throws -> Config {
        let file = projectPath.appendingPathComponent(path)
        return try ProjectLoader.loadWorkflow(file: file, projectDirectory: projectPath).definitionConfig
    }

    func parseWorkflow(_ text: String, name: String) throws -> Config {
        let config = try DigdagYAML.parse(text, directory: projectPath)
        return try WorkflowFile(name: name, config: config).definitionConfig
    }
}
