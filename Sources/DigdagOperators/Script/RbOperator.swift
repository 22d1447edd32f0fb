import DigdagCore
import DigdagOperatorKit
import Foundation

/// `rb>: [Mod::Class.]method`: calls Ruby code (Digdag's `RbOperatorFactory`).
///
/// The bundled `runner.rb` is copied to `<project>/.digdag/tmp/digdag-rb-<taskId>-<random>/` and run
/// from the workspace as `ruby -I <workspace> [-r <require>] -- runner.rb <method> input.json output.json`
/// (paths relative to the workspace). `input.json` holds `{"params": ...}`; `output.json` brings back
/// `subtask_config`, `export_params` and `store_params`, or the Ruby error. Without `_command`, the
/// `script:` text is run in place of `runner.rb` with the two file arguments. Options come from the
/// params and the `rb.*` defaults (`ruby:`, `require:`). Only the task's `_env` is exported.
public struct RbOperator: Operator {
    /// `rb`.
    public let type = "rb"
    private let executor: any CommandExecutor

    /// Creates the operator; commands run through `executor` (default: `docker:` aware, else local).
    public init(executor: any CommandExecutor = DockerCommandExecutor()) {
        self.executor = executor
    }

    /// Runs the Ruby call and turns `output.json` into the task's result.
    public func run(_ context: OperatorContext) async throws -> TaskResult {
        let command = try prepare(context)
        let ioDirectory = try command.requiredIODirectory
        defer { ScratchDirectory.remove(ioDirectory) }  // after output.json is read
        let code = try await executor.run(command, context: context)
        let outputPath = ioDirectory.appendingPathComponent(PyOperator.outputFileName)
        guard code == 0 else {
            throw OperatorError.runtime(RbOperator.failureReason(code: code, outputPath: outputPath))
        }
        return try PyOperator.result(outputPath: outputPath)
    }

    /// Writes `input.json` and the runner script and builds the command line.
    func prepare(_ context: OperatorContext) throws -> CommandRequest {
        let config = context.request.config
        var params = config
        params.mergeDefaults(config.nestedOrEmpty("rb"))

        let ruby = try RbOperator.interpreter(params)
        let feature: String?
        switch params["require"] {
        case nil, .null?: feature = nil
        case let value?: feature = try ParamReader.string(value, key: "require")
        }
        let script: String
        var arguments: [String] = []
        switch params["_command"] {
        case nil, .null?:
            script = try ParamReader.requiredString(params, "script")
        case let method?:
            arguments.append(try ParamReader.string(method, key: "_command"))
            script = try RbOperator.runnerScript()
        }

        let tempDirectory = try ScratchDirectory.create(
            prefix: "digdag-rb-\(context.request.taskId)-", in: context)
        let workspace = context.workspacePath
        func relative(_ name: String) -> String {
            ScratchDirectory.relativePath(of: tempDirectory.appendingPathComponent(name), from: workspace)
        }
        arguments += [relative("input.json"), relative(PyOperator.outputFileName)]

        var commandLine = ruby + ["-I", workspace.standardizedFileURL.path]
        if let feature { commandLine += ["-r", feature] }
        commandLine += ["--", relative("runner.rb")] + arguments

        let input = JSONText.compact(.object(["params": .object(params)]))
        try ScratchDirectory.write(input, to: tempDirectory.appendingPathComponent("input.json"))
        try ScratchDirectory.write(script, to: tempDirectory.appendingPathComponent("runner.rb"))

        var environment: [String: String] = [:]
        try CommandEnvironment.addPrivilegedVariables(
            to: &environment, localConfig: context.request.localConfig, secrets: context.secrets)
        return CommandRequest(
            commandLine: commandLine, workingDirectory: workspace,
            environment: environment, ioDirectory: tempDirectory)
    }

    /// `ruby:` as a string or a list of strings; absent means `ruby`.
    static func interpreter(_ params: Config) throws -> [String] {
        switch params["ruby"] {
        case nil: return ["ruby"]
        case .string(let path)?: return [path]
        case .array(let items)?: return try items.map { try ParamReader.string($0, key: "ruby") }
        case .object?: throw ConfigError("Invalid ruby: ")  // Jackson's asText() of an object is empty
        case let other?: throw ConfigError("Invalid ruby: \(other.textValue)")
        }
    }

    /// The bundled `runner.rb`, read once.
    static func runnerScript() throws -> String {
        guard let script = bundledRunner else {
            throw OperatorError.runtime("runner.rb is missing from the digdag resources")
        }
        return script
    }

    private static let bundledRunner: String? = {
        guard let url = Bundle.module.url(forResource: "runner", withExtension: "rb"),
            let data = try? Data(contentsOf: url)
        else { return nil }
        return String(decoding: data, as: UTF8.self)
    }()
}
