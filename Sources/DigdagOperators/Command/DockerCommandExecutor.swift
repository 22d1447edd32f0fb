import DigdagCore
import DigdagOperatorKit
import Foundation
import Synchronization

/// Runs commands in a container when the task has a `docker:` param (Digdag's `docker` command
/// executor), and as local processes otherwise.
///
/// The command becomes `docker run <run_options> --rm -v <project>:<project>:rw -w <workdir>
/// -e K=V... <image> <command...>`, run from the workspace: the project directory is mounted at
/// the same path, and only the operator's computed variables are passed (not the digdag process
/// environment, which the `docker` client itself gets). With `pull_always`, `docker pull <image>`
/// runs first. With `build`, a Dockerfile `.digdag/tmp/docker/Dockerfile.<name>` is written and
/// built as `digdag-project-<projectId>:<sha1>` unless `docker images` already lists that image.
public struct DockerCommandExecutor: CommandExecutor {
    private let local: SimpleCommandExecutor

    /// Creates an executor that runs docker, and commands of tasks without `docker:`, through `local`.
    public init(local: SimpleCommandExecutor = SimpleCommandExecutor()) {
        self.local = local
    }

    /// Local for tasks without a `docker` param.
    public func runsLocally(_ context: OperatorContext) throws -> Bool {
        try DockerOptions.of(context.request.config) == nil
    }

    /// Runs `command` in a container, or locally when the task has no `docker` param.
    public func run(_ command: CommandRequest, context: OperatorContext) async throws -> Int32 {
        guard let options = try DockerOptions.of(context.request.config) else {
            return try await local.run(command, context: context)
        }
        let image = try await prepareImage(
            options, context: context, workingDirectory: command.workingDirectory)
        let projectPath = context.projectPath.standardizedFileURL.path
        let line = options.runCommandLine(
            image: image, projectPath: projectPath,
            workingDirectory: command.workingDirectory.standardizedFileURL.path,
            environment: DockerEnvironmentOrder.ordered(command.environment),
            command: command.commandLine)
        context.logger.log(.debug, "Running in docker: \(line.joined(separator: " "))")
        return try await local.run(host(line, command.workingDirectory, command.ioDirectory), context: context)
    }

    /// The image to run: the configured one (pulled first with `pull_always`), or the one built for `build`.
    func prepareImage(
        _ options: DockerOptions, context: OperatorContext, workingDirectory: URL
    ) async throws -> String {
        guard let build = options.build else {
            if options.pullAlways {
                context.logger.log(.info, "Pulling docker image \(options.image)")
                let pull = host([options.docker, "pull", options.image], workingDirectory, workingDirectory)
                guard try await local.run(pull, context: context) == 0 else {
                    throw OperatorError.runtime("Docker pull failed")
                }
            }
            return options.image
        }
        let name = options.builtImageName(
            projectId: context.request.projectId, revision: context.request.revision, build: build)
        let projectPath = context.projectPath.standardizedFileURL
        if try await imageExists(name, options: options, context: context, directory: projectPath) {
            context.logger.log(.debug, "Reusing docker image \(name)")
            return name
        }
        context.logger.log(.info, "Building docker image \(name)")
        let directory = context.temporaryDirectory.appendingPathComponent("docker", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw OperatorError.runtime("Failed to create directory \(directory.path): \(error.localizedDescription)")
        }
        let dockerfile = directory.appendingPathComponent("Dockerfile." + name.replacingOccurrences(of: ":", with: "."))
        try ScratchDirectory.write(options.dockerfile(build: build), to: dockerfile)
        let line = options.buildCommandLine(
            dockerfile: dockerfile.standardizedFileURL.path, image: name, projectPath: projectPath.path)
        context.logger.log(.debug, "Building docker image: \(line.joined(separator: " "))")
        guard try await local.run(host(line, projectPath, projectPath), context: context) == 0 else {
            throw OperatorError.runtime("Docker build failed")
        }
        return name
    }

    /// Whether `docker images` lists `name` (its exit code is ignored, as in Digdag).
    private func imageExists(
        _ name: String, options: DockerOptions, context: OperatorContext, directory: URL
    ) async throws -> Bool {
        let captured = CapturedOutput()
        var quiet = context
        quiet.output = captured
        _ = try await local.run(host([options.docker, "images"], directory, directory), context: quiet)
        return DockerOptions.imagesOutput(captured.text, lists: name)
    }

    /// A command run on the host with the digdag process environment only.
    private func host(_ line: [String], _ directory: URL, _ ioDirectory: URL?) -> CommandRequest {
        CommandRequest(commandLine: line, workingDirectory: directory, environment: [:], ioDirectory: ioDirectory)
    }
}

/// Keeps a command's output instead of showing it.
private final class CapturedOutput: TaskOutput {
    private let storage = Mutex("")

    func write(_ text: String) { storage.withLock { $0 += text } }

    var text: String { storage.withLock { $0 } }
}
