import ArgumentParser
import Foundation

/// A `digdag` subcommand: parsed by ArgumentParser, executed by ``DigdagMain`` with a context.
///
/// ArgumentParser's own help and error texts are not used; each command supplies Digdag's usage
/// text, and ``DigdagMain`` reports errors the way Digdag's JCommander front end does.
protocol DigdagSubcommand: AsyncParsableCommand {
    /// The common options parsed for this command.
    var common: CommonOptions { get }

    /// Digdag's usage text for this command (printed to stderr for `--help` and usage errors).
    static func usage(_ context: UsageContext) -> String

    /// Options whose values must look like `a=b`; checked while parsing, as JCommander does.
    static var keyValueOptionNames: Set<String> { get }

    /// Whether arguments are checked against the declared options before parsing.
    static var checksOptions: Bool { get }

    /// Performs the command. Throw ``CLIError`` or ``SystemExit`` to fail.
    func execute(_ context: CommandContext) async throws
}

extension DigdagSubcommand {
    /// No key/value options by default.
    static var keyValueOptionNames: Set<String> { [] }

    /// Options are checked by default.
    static var checksOptions: Bool { true }

    /// Runs through ``execute(_:)`` with the process environment (``DigdagMain`` is the usual path).
    mutating func run() async throws {
        try await execute(CommandContext(environment: ProcessInfo.processInfo.environment, common: common))
    }

    /// Throws the usage exit for this command, with an optional error message.
    func usageExit(_ context: CommandContext, error: String? = nil) -> SystemExit {
        SystemExit.usage(Self.usage(UsageContext(context)), error: error)
    }
}
