import ArgumentParser

/// Names a Digdag command that this implementation does not provide yet.
protocol PendingCommandName: Sendable {
    /// The command name.
    static var name: String { get }
    /// Digdag's aliases for it.
    static var aliases: [String] { get }
}

extension PendingCommandName {
    static var aliases: [String] { [] }
}

/// A Digdag command that is recognised (so names, aliases and `available commands` match Digdag)
/// but not implemented yet; it fails with a clear error.
struct PendingCommand<Name: PendingCommandName>: DigdagSubcommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: Name.name, aliases: Name.aliases)
    }

    static var checksOptions: Bool { false }

    @OptionGroup var common: CommonOptions

    @Argument(parsing: .allUnrecognized)
    var arguments: [String] = []

    static func usage(_ context: UsageContext) -> String {
        MainUsage.text(context, withHint: true)
    }

    func execute(_ context: CommandContext) async throws {
        throw CLIError("Command '\(Name.name)' is not implemented yet in this version.")
    }
}

enum SelfUpdateName: PendingCommandName { static let name = "selfupdate" }
