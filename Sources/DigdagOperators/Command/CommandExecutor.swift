import DigdagOperatorKit
import Foundation

/// Runs the commands of `sh>`, `py>` and similar operators (Digdag's `CommandExecutor`).
///
/// The default is `SimpleCommandExecutor` (a local child process). A `docker:` executor builds a
/// `docker run` command line from the task's `docker` param and runs that instead.
public protocol CommandExecutor: Sendable {
    /// Runs `command` to completion, copying its output to `context.output` as it arrives.
    ///
    /// Cancelling the calling task terminates the command and everything it started.
    /// - Returns: The exit code; a command killed by signal N gives 128 + N, as Java reports it.
    func run(_ command: CommandRequest, context: OperatorContext) async throws -> Int32

    /// True when the task's command runs as a local child process of ours, which can open a
    /// script we hold in memory (``InMemoryScript``); false when it needs real files (a container).
    func runsLocally(_ context: OperatorContext) throws -> Bool
}

extension CommandExecutor {
    /// Local unless an executor says otherwise.
    public func runsLocally(_ context: OperatorContext) throws -> Bool { true }

    /// Runs a prepared command, then removes its scratch directory (`ioDirectory`). Digdag leaves
    /// these behind in local mode; we do not, so repeated runs do not pile up under `.digdag/tmp`.
    func runAndCleanUp(_ command: CommandRequest, context: OperatorContext) async throws -> Int32 {
        defer { if let directory = command.ioDirectory { ScratchDirectory.remove(directory) } }
        return try await run(command, context: context)
    }
}
