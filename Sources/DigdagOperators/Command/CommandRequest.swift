import DigdagOperatorKit
import Foundation

/// A command for a `CommandExecutor` to run on behalf of a script operator (Digdag's `CommandRequest`).
public struct CommandRequest: Sendable, Equatable {
    /// The program and its arguments; the program is looked up on `PATH` unless it contains a `/`.
    public var commandLine: [String]
    /// Absolute working directory (the task's workspace).
    public var workingDirectory: URL
    /// Variables added to (and overriding) the digdag process environment.
    public var environment: [String: String]
    /// Absolute directory for the command's input and output files (`.digdag/tmp/digdag-sh-...`);
    /// nil when the command needs none (an `sh>` script held in memory).
    public var ioDirectory: URL?

    /// Creates a request.
    public init(commandLine: [String], workingDirectory: URL, environment: [String: String], ioDirectory: URL?) {
        self.commandLine = commandLine
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.ioDirectory = ioDirectory
    }
}

extension CommandRequest {
    /// The scratch directory of an operator that always makes one (`py>`, `rb>`).
    var requiredIODirectory: URL {
        get throws {
            guard let ioDirectory else { throw OperatorError.runtime("The command has no scratch directory") }
            return ioDirectory
        }
    }
}
