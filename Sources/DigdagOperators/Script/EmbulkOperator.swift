import DigdagCore
import DigdagOperatorKit
import Foundation

/// `embulk>: config.yml`: runs an Embulk data transfer (Digdag's `EmbulkOperatorFactory`, documented
/// there as obsolete in favour of `sh>: embulk run ...`).
///
/// The config is written to `<project>/.digdag/tmp/digdag-embulk-<taskId>-<random>/load.yml` and run
/// as `embulk run <load.yml relative to the workspace>` through the command executor. With
/// `_command` it is the named file (relative to the workspace) with `${...}` rendered and
/// `${secret:...}` substituted; otherwise it is the `config:` object, written as JSON (which YAML
/// readers accept). Only the task's `_env` is added to the environment. A non-zero exit fails the
/// task with `Command failed with code N`.
public struct EmbulkOperator: Operator {
    /// `embulk`.
    public let type = "embulk"
    private let executor: any CommandExecutor

    /// Creates the operator; commands run through `executor` (default: `docker:` aware, else local).
    public init(executor: any CommandExecutor = DockerCommandExecutor()) {
        self.executor = executor
    }

    /// Runs `embulk run` and fails when it exits with a non-zero code.
    public func run(_ context: OperatorContext) async throws -> TaskResult {
        let command = try prepare(context)
        let code: Int32
        do {
            code = try await executor.runAndCleanUp(command, context: context)
        } catch OperatorError.runtime(let message) where message.hasPrefix("Cannot run program \"embulk\"") {
            throw OperatorError.runtime(
                "embulk command not found: embulk> runs `embulk run <config>`, so Embulk must be installed"
                    + " and on the PATH of digdag (or in the docker: image). \(message)")
        }
        guard code == 0 else { throw OperatorError.runtime("Command failed with code \(code)") }
        return .empty
    }

    /// Writes `load.yml` and builds the command line.
    func prepare(_ context: OperatorContext) throws -> CommandRequest {
        let config = context.request.config
        var params = config
        params.mergeDefaults(config.nestedOrEmpty("embulk"))

        let loadConfig: String
        switch params["_command"] {
        case nil, .null?:
            switch params["config"] {
            case nil: throw ConfigError("Parameter 'config' is required but not set")
            case .object(let embulk)?: loadConfig = JSONText.compact(.object(embulk)) + "\n"
            default: throw ConfigError("Parameter 'config' must be an object")
            }
        case let file?:
            loadConfig = try EmbulkOperator.renderFile(
                try ParamReader.string(file, key: "_command"), params: params, context: context)
        }

        let tempDirectory = try ScratchDirectory.create(
            prefix: "digdag-embulk-\(context.request.taskId)-", in: context)
        let loadPath = tempDirectory.appendingPathComponent("load.yml")
        try ScratchDirectory.write(loadConfig, to: loadPath)

        var environment: [String: String] = [:]
        try CommandEnvironment.addPrivilegedVariables(
            to: &environment, localConfig: context.request.localConfig, secrets: context.secrets)
        return CommandRequest(
            commandLine: ["embulk", "run", ScratchDirectory.relativePath(of: loadPath, from: context.workspacePath)],
            workingDirectory: context.workspacePath, environment: environment, ioDirectory: tempDirectory)
    }

    /// The config file `name` (relative to the workspace, inside the project) with `${...}`
    /// rendered against the params and `${secret:...}` substituted.
    static func renderFile(_ name: String, params: Config, context: OperatorContext) throws -> String {
        let path = URL(fileURLWithPath: name, relativeTo: context.workspacePath).standardizedFileURL
        let project = context.projectPath.standardizedFileURL.path
        guard path.path == project || path.path.hasPrefix(project.hasSuffix("/") ? project : project + "/") else {
            throw ConfigError("File name must not be outside of project path (\(project)): \(name)")
        }
        guard let data = FileManager.default.contents(atPath: path.path) else {
            throw ConfigError("File not found: \(path.path)")
        }
        let rendered: String
        do {
            rendered = try context.templates.render(
                String(decoding: data, as: UTF8.self), params: params, timeZone: context.request.timeZone)
        } catch let error as ConfigError {
            throw ConfigError("\(error.message) in \(name)")
        }
        return try SecretTemplate(rendered).format(context.secrets)
    }
}
