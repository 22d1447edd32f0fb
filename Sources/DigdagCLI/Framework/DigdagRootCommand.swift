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
            PendingCommand<SchedulerName>.self,
            ServerCommand.self,
            PendingCommand<PushName>.self,
            PendingCommand<ArchiveName>.self,
            PendingCommand<UploadName>.self,
            PendingCommand<DownloadName>.self,
            PendingCommand<ProjectName>.self,
            PendingCommand<WorkflowName>.self,
            PendingCommand<StartName>.self,
            PendingCommand<RetryName>.self,
            PendingCommand<SessionName>.self,
            PendingCommand<AttemptsName>.self,
            PendingCommand<AttemptName>.self,
            PendingCommand<RescheduleName>.self,
            PendingCommand<BackfillName>.self,
            PendingCommand<LogName>.self,
            PendingCommand<KillName>.self,
            PendingCommand<TaskName>.self,
            PendingCommand<ScheduleName>.self,
            PendingCommand<DisableName>.self,
            PendingCommand<EnableName>.self,
            PendingCommand<DeleteName>.self,
            SecretsCommand.self,
            PendingCommand<VersionName>.self,
            MigrateCommand.self,
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

    /// Main command names in Digdag's order, as shown by `available commands are: [...]`.
    static var commandNames: [String] {
        configuration.subcommands.compactMap { $0.configuration.commandName }
    }
}
