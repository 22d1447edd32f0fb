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
        let parts = try commandParts(context)
        let code: Int32
        if try executor.runsLocally(context), let script = InMemoryScript.make(parts.script) {
            let command = CommandRequest(
                commandLine: parts.shell + [script.path], workingDirectory: context.workspacePath,
                environment: parts.environment, ioDirectory: nil)
            code = try await executor.run(command, context: context)
            withExtendedLifetime(script) {}  // the descriptor stays open until the shell is done
        } else {
            code = try await executor.runAndCleanUp(prepare(context, parts), context: context)
        }
        guard code == 0 else { throw OperatorError.runtime("Command failed with code \(code)") }
        return .empty
    }

    /// Writes `runner.sh` under `.digdag/tmp` (as Digdag does; a container sees it through the
    /// mounted project) and builds the command to run it.
    package func prepare(_ context: OperatorContext) throws -> CommandRequest {
        try prepare(context, commandParts(context))
    }

    private func prepare(_ context: OperatorContext, _ parts: CommandParts) throws -> CommandRequest {
        let tempDirectory = try ScratchDirectory.create(
            prefix: "digdag-sh-\(context.request.taskId)-", in: context)
        let runnerPath = tempDirectory.appendingPathComponent("runner.sh")
        try ScratchDirectory.write(parts.script, to: runnerPath)
        return CommandRequest(
            commandLine: parts.shell + [ScratchDirectory.relativePath(of: runnerPath, from: context.workspacePath)],
            workingDirectory: context.workspacePath, environment: parts.environment, ioDirectory: tempDirectory)
    }

    /// The shell, the script (secrets filled in) and the variables of a task.
    private struct CommandParts {
        var shell: [String]
        var script: String
        var environment: [String: String]
    }

    private func commandParts(_ context: OperatorContext) throws -> CommandParts {
        let config = context.request.config
        var params = config
        params.mergeDefaults(config.nestedOrEmpty("sh"))
        let shell = params["shell"] == nil ? ["/bin/sh"] : try ParamReader.stringList(params, "shell")
        let script = try SecretTemplate(ParamReader.requiredString(params, "_command")).format(context.secrets)
        var environment = try CommandEnvironment.parameterVariables(params)
        try CommandEnvironment.addPrivilegedVariables(
            to: &environment, localConfig: context.request.localConfig, secrets: context.secrets)
        return CommandParts(shell: shell, script: script, environment: environment)
    }
}
