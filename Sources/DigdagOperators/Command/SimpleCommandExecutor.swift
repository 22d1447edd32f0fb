import DigdagOperatorKit
import Foundation
import Subprocess

/// Runs a command as a local child process (Digdag's `simple` command executor).
///
/// The child gets the digdag process environment (`context.environment`) plus the request's
/// variables, runs in the request's working directory in a process group of its own, and has
/// only descriptors 0, 1 and 2: stdin is `/dev/null` and stderr is merged into stdout, which is
/// copied to `context.output` as whole lines as soon as they arrive.
public struct SimpleCommandExecutor: CommandExecutor {
    /// How long a cancelled command gets between SIGTERM and SIGKILL.
    public var terminationGracePeriod: Duration

    /// Creates an executor.
    public init(terminationGracePeriod: Duration = .seconds(5)) {
        self.terminationGracePeriod = terminationGracePeriod
    }

    /// Runs `command` to completion and returns its exit code (128 + N when killed by signal N).
    public func run(_ command: CommandRequest, context: OperatorContext) async throws -> Int32 {
        guard let program = command.commandLine.first else {
            throw OperatorError.runtime("Command line is empty")
        }
        let workingDirectory = command.workingDirectory.path
        var environment: [Environment.Key: String] = [:]
        for (name, value) in context.environment {
            if let key = Environment.Key(rawValue: name) { environment[key] = value }
        }
        for (name, value) in command.environment {
            if let key = Environment.Key(rawValue: name) { environment[key] = value }
        }

        var options = PlatformOptions()
        options.processGroupID = 0  // own group: cancellation kills the whole tree
        options.teardownSequence = [
            .send(signal: .terminate, toProcessGroup: true, allowedDurationToNextStep: terminationGracePeriod)
        ]

        let output = context.output
        let result: ExecutionResult<Void, SequenceOutput, CombinedErrorOutput>
        do {
            result = try await Subprocess.run(
                SimpleCommandExecutor.executable(program, workingDirectory: workingDirectory),
                arguments: Arguments(Array(command.commandLine.dropFirst())),
                environment: .custom(environment),
                workingDirectory: .init(workingDirectory),
                platformOptions: options,
                input: .none,
                output: .sequence,
                error: .combinedWithOutput
            ) { execution in
                var lines = OutputLineBuffer()
                for try await chunk in execution.standardOutput {
                    let text = chunk.withUnsafeBytes { lines.append($0) }
                    if let text { output.write(text) }
                }
                if let rest = lines.finish() { output.write(rest) }
            }
        } catch let error as SubprocessError {
            throw OperatorError.runtime(
                SimpleCommandExecutor.launchFailure(program, directory: workingDirectory, error: error))
        }
        switch result.terminationStatus {
        case .exited(let code): return code
        case .signaled(let signal): return 128 + signal
        }
    }

    /// The executable for `program`: looked up on the child's `PATH` when it is a bare name,
    /// otherwise a path taken relative to the working directory (as the child would see it).
    static func executable(_ program: String, workingDirectory: String) -> Executable {
        guard program.contains("/") else { return .name(program) }
        if program.hasPrefix("/") { return .path(.init(program)) }
        return .path(.init(URL(fileURLWithPath: program, relativeTo: URL(fileURLWithPath: workingDirectory)).path))
    }

    /// The message Java's `ProcessBuilder.start` gives when a command cannot be started.
    static func launchFailure(_ program: String, directory: String, error: SubprocessError) -> String {
        let reason: String
        switch error.code {
        case .executableNotFound: reason = "error=2, No such file or directory"
        case .failedToChangeWorkingDirectory: reason = "error=2, No such file or directory"
        default:
            if let errno = error.underlyingError {
                reason = "error=\(errno.rawValue), \(String(cString: strerror(errno.rawValue)))"
            } else {
                reason = "\(error)"
            }
        }
        return "Cannot run program \"\(program)\" (in directory \"\(directory)\"): \(reason)"
    }
}
