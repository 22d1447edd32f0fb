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

enum SchedulerName: PendingCommandName { static let name = "scheduler"; static let aliases = ["sched"] }
enum PushName: PendingCommandName { static let name = "push" }
enum ArchiveName: PendingCommandName { static let name = "archive" }
enum UploadName: PendingCommandName { static let name = "upload" }
enum DownloadName: PendingCommandName { static let name = "download" }
enum ProjectName: PendingCommandName { static let name = "project"; static let aliases = ["projects"] }
enum WorkflowName: PendingCommandName { static let name = "workflow"; static let aliases = ["workflows"] }
enum StartName: PendingCommandName { static let name = "start" }
enum RetryName: PendingCommandName { static let name = "retry" }
enum SessionName: PendingCommandName { static let name = "session"; static let aliases = ["sessions"] }
enum AttemptsName: PendingCommandName { static let name = "attempts" }
enum AttemptName: PendingCommandName { static let name = "attempt" }
enum RescheduleName: PendingCommandName { static let name = "reschedule" }
enum BackfillName: PendingCommandName { static let name = "backfill" }
enum LogName: PendingCommandName { static let name = "log"; static let aliases = ["logs"] }
enum KillName: PendingCommandName { static let name = "kill" }
enum TaskName: PendingCommandName { static let name = "task"; static let aliases = ["tasks"] }
enum ScheduleName: PendingCommandName { static let name = "schedule"; static let aliases = ["schedules"] }
enum DisableName: PendingCommandName { static let name = "disable" }
enum EnableName: PendingCommandName { static let name = "enable" }
enum DeleteName: PendingCommandName { static let name = "delete" }
enum VersionName: PendingCommandName { static let name = "version" }
enum SelfUpdateName: PendingCommandName { static let name = "selfupdate" }
