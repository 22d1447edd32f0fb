import ArgumentParser

/// The `digdag` command tree: every subcommand with Digdag's names and aliases, in the order
/// Digdag lists them in `available commands are: [...]`.
///
/// ArgumentParser's automatic help is disabled (`helpNames: []`): `--help` is a common option
/// and usage texts are Digdag's (see ``DigdagSubcommand/usage(_:)``).
struct DigdagRootCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digdag",
        subcommands: [
            InitCommand.self,
            RunCommand.self,
            CheckCommand.self,
            SchedulerCommand.self,
            ServerCommand.self,
            PushCommand.self,
            ArchiveCommand.self,
            UploadCommand.self,
            DownloadCommand.self,
            ProjectsCommand.self,
            WorkflowsCommand.self,
            StartCommand.self,
            RetryCommand.self,
            SessionsCommand.self,
            AttemptsCommand.self,
            AttemptCommand.self,
            RescheduleCommand.self,
            BackfillCommand.self,
            LogCommand.self,
            KillCommand.self,
            TasksCommand.self,
            SchedulesCommand.self,
            DisableCommand.self,
            EnableCommand.self,
            DeleteCommand.self,
            SecretsCommand.self,
            VersionCommand.self,
            MigrateCommand.self,
            TokensCommand.self,
            PendingCommand<SelfUpdateName>.self,
        ],
        helpNames: []
    )

    /// The subcommand type whose name or alias is `name`.
    static func subcommand(named name: String) -> (any DigdagSubcommand.Type)? {
        for type in configuration.subcommands {
            let config = type.configuration
            if config.commandName == name || config.aliases.contains(name) {
                return type as? any DigdagSubcommand.Type
            }
        }
        return nil
    }

    /// Commands of ours that Digdag does not have: they work, but Digdag's command list stays as it is.
    static let beyondDigdag: Set<String> = ["tokens"]

    /// Main command names in Digdag's order, as shown by `available commands are: [...]`.
    static var commandNames: [String] {
        configuration.subcommands.compactMap { $0.configuration.commandName }.filter { !beyondDigdag.contains($0) }
    }
}
