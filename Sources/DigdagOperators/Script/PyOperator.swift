import DigdagCore
import DigdagOperatorKit
import Foundation

/// `py>: [package.][Class.]method`: calls Python code (Digdag's `PyOperatorFactory`).
///
/// The bundled `runner.py` is copied to `<project>/.digdag/tmp/digdag-py-<taskId>-<random>/` and run
/// as `python runner.py <method> input.json output.json` from the workspace. `input.json` holds
/// `{"params": ...}`; `output.json` brings back `subtask_config`, `export_params` and `store_params`,
/// or the Python error. Without `_command`, the `script:` text is run in place of `runner.py` with
/// the two file arguments. Only the task's `_env` is exported to the environment.
public struct PyOperator: Operator {
    /// `py`.
    public let type = "py"
    private let executor: any CommandExecutor

    /// Creates the operator; commands run through `executor` (default: `docker:` aware, else local).
    public init(executor: any CommandExecutor = DockerCommandExecutor()) {
        self.executor = executor
    }

    /// Runs the Python call and turns `output.json` into the task's result.
    public func run(_ context: OperatorContext) async throws -> TaskResult {
        let command = try prepare(context)
        let ioDirectory = try command.requiredIODirectory
        defer { ScratchDirectory.remove(ioDirectory) }  // after output.json is read
        let code = try await executor.run(command, context: context)
        let outputPath = ioDirectory.appendingPathComponent(PyOperator.outputFileName)
        guard code == 0 else {
            throw OperatorError.runtime(PyOperator.failureReason(code: code, outputPath: outputPath))
        }
        return try PyOperator.result(outputPath: outputPath)
    }

    /// Writes `input.json` and the runner script and builds the command line.
    func prepare(_ context: OperatorContext) throws -> CommandRequest {
        let config = context.request.config
        var params = config
        params.mergeDefaults(config.nestedOrEmpty("py"))

        let tempDirectory = try ScratchDirectory.create(
            prefix: "digdag-py-\(context.request.taskId)-", in: context)
        let workspace = context.workspacePath
        func relative(_ name: String) -> String {
            ScratchDirectory.relativePath(of: tempDirectory.appendingPathComponent(name), from: workspace)
        }
        let python = try PythonCommand.resolve(params, environment: context.environment)

        let script: String
        var commandLine = python + [relative("runner.py")]
        switch params["_command"] {
        case nil, .null?:
            script = try ParamReader.requiredString(params, "script")
        case let method?:
            script = try PyOperator.runnerScript()
            commandLine.append(try ParamReader.string(method, key: "_command"))
        }
        commandLine += [relative("input.json"), relative(PyOperator.outputFileName)]

        let input = JSONText.compact(.object(["params": .object(params)]))
        try ScratchDirectory.write(input, to: tempDirectory.appendingPathComponent("input.json"))
        try ScratchDirectory.write(script, to: tempDirectory.appendingPathComponent("runner.py"))

        var environment: [String: String] = [:]
        try CommandEnvironment.addPrivilegedVariables(
            to: &environment, localConfig: context.request.localConfig, secrets: context.secrets)
        return CommandRequest(
            commandLine: commandLine, workingDirectory: workspace,
            environment: environment, ioDirectory: tempDirectory)
    }

    static let outputFileName = "output.json"

    /// The bundled `runner.py`, read once.
    static func runnerScript() throws -> String {
        guard let script = bundledRunner else {
            throw OperatorError.runtime("runner.py is missing from the digdag resources")
        }
        return script
    }

    private static let bundledRunner: String? = {
        guard let url = Bundle.module.url(forResource: "runner", withExtension: "py"),
            let data = try? Data(contentsOf: url)
        else { return nil }
        return String(decoding: data, as: UTF8.self)
    }()
}
