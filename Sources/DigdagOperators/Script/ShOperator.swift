import DigdagCore
import DigdagOperatorKit
import Foundation

/// `sh>: SCRIPT`: runs a shell script (Digdag's `ShOperatorFactory`).
///
/// The evaluated `_command`, with `${secret:...}` substituted, is written to
/// `<project>/.digdag/tmp/digdag-sh-<taskId>-<random>/runner.sh` and run as
/// `/bin/sh <runner.sh relative to the workspace>` (or the `shell:` list, often given as
/// `_export: {sh: {shell: [...]}}`). Every param whose name can be an environment variable is
/// exported (strings as they are, other values as JSON), then the task's `_env` overrides them.
/// A non-zero exit fails the task with `Command failed with code N`.
public struct ShOperator: Operator {
    /// `sh`.
    public let type = "sh"
    private let executor: any CommandExecutor

    /// Creates the operator; commands run through `executor` (default: `docker:` aware, else local).
    public init(executor: any CommandExecutor = DockerCommandExecutor()) {
        self.executor = executor
    }

    /// Runs the script and fails when it exits with a non-zero code.
    public func run(_ context: OperatorContext) async throws -> TaskResult {
        let command = try prepare(context)
        let code = try await executor.runAndCleanUp(command, context: context)
        guard code == 0 else { throw OperatorError.runtime("Command failed with code \(code)") }
        return .empty
    }

    /// Writes `runner.sh` and builds the command to run it.
    func prepare(_ context: OperatorContext) throws -> CommandRequest {
        let config = context.request.config
        var params = config
        params.mergeDefaults(config.nestedOrEmpty("sh"))

        let tempDirectory = try ScratchDirectory.create(
            prefix: "digdag-sh-\(context.request.taskId)-", in: context)
        let runnerPath = tempDirectory.appendingPathComponent("runner.sh")

        let shell = params["shell"] == nil ? ["/bin/sh"] : try ParamReader.stringList(params, "shell")
        let commandLine = shell + [ScratchDirectory.relativePath(of: runnerPath, from: context.workspacePath)]

        let script = try SecretTemplate(ParamReader.requiredString(params, "_command")).format(context.secrets)

        var environment = try CommandEnvironment.parameterVariables(params)
        try CommandEnvironment.addPrivilegedVariables(
            to: &environment, localConfig: context.request.localConfig, secrets: context.secrets)

        try ScratchDirectory.write(script, to: runnerPath)
        return CommandRequest(
            commandLine: commandLine, workingDirectory: context.workspacePath,
            environment: environment, ioDirectory: tempDirectory)
    }
}
