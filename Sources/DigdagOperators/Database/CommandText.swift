import DigdagCore
import DigdagOperatorKit
import Foundation

/// The SQL of a task (Digdag's `Workspace.templateCommand`): the rendered command file,
/// `_command.data` as is, or the `query` param when there is no command.
enum CommandText {
    static func load(_ context: OperatorContext, params: Config, aliasKey: String) throws -> String {
        switch params["_command"] {
        case .object(let nested)?:
            return try ParamReader.requiredString(nested, "data")
        case nil, .null?:
            return try ParamReader.requiredString(params, aliasKey)
        case let value?:
            let fileName = try ParamReader.string(value, key: "_command")
            let url = try resolve(fileName, in: context)
            let text: String
            do {
                text = try String(contentsOf: url, encoding: .utf8)
            } catch let error as CocoaError where error.code == .fileReadNoSuchFile || error.code == .fileNoSuchFile {
                throw ConfigError("File not found: \(url.path)")
            } catch {
                throw ConfigError("Failed to read file: \(fileName): \(error)")
            }
            do {
                return try context.templates.render(text, params: params, timeZone: context.request.timeZone)
            } catch let error as ConfigError {
                throw ConfigError("\(error.message) in \(fileName)")
            }
        }
    }

    /// `fileName` under the workspace; it must stay inside the project (`Workspace.getPath`).
    static func resolve(_ fileName: String, in context: OperatorContext) throws -> URL {
        let url = URL(fileURLWithPath: fileName, relativeTo: context.workspacePath).standardizedFileURL
        let project = context.projectPath.standardizedFileURL.path
        guard url.path.hasPrefix(project) else {
            throw ConfigError("File name must not be outside of project path (\(project)): \(fileName): \(fileName)")
        }
        return url
    }
}
