import ArgumentParser
import DigdagAPI
import DigdagClient
import Foundation

/// `digdag backfill <schedule-id> | <project> <workflow> --from TIME`: starts sessions of a
/// schedule for past times (`cli:client/Backfill.java`).
struct BackfillCommand: DigdagClientCommand {
    static let configuration = CommandConfiguration(commandName: "backfill")

    @OptionGroup var common: CommonOptions
    @OptionGroup var client: ClientOptions

    /// `-f, --from 'yyyy-MM-dd[ HH:mm:ss]'` (required).
    @Option(name: [.customShort("f"), .customLong("from")], parsing: .unconditional) var fromTime: String?
    /// `--name NAME`: the retry attempt name (default: a random UUID).
    @Option(name: .customLong("name"), parsing: .unconditional) var retryAttemptName: String?
    /// `--count N`: at most this many sessions.
    @Option(name: .customLong("count"), parsing: .unconditional) var count: Int?
    /// `-d, --dry-run`: show what would start.
    @Flag(name: [.customShort("d"), .customLong("dry-run")]) var dryRun = false
    @Argument var arguments: [String] = []

    static func usage(_ context: UsageContext) -> String {
        """
        Usage: \(context.programName) backfill <schedule-id> | <project-name> <name>
          Options:
            -f, --from 'yyyy-MM-dd[ HH:mm:ss]'  timestamp to start backfill from (required)
                --name NAME                  retry attempt name
            -d, --dry-run                    tries to backfill and validates the results but does nothing
                --count N                    number of sessions to run from the time (default: all sessions until the next schedule time)

        """ + context.clientCommandOptions
    }

    func run(_ session: ClientSession) async throws {
        guard let fromTime else { throw CLIError("--from option is required") }
        let client: DigdagClient
        let schedule: RestSchedule
        switch arguments.count {
        case 1:
            guard let id = ClientArguments.unsignedIntId(arguments[0]) else { throw usageExit(session.context) }
            client = try await session.connect()
            schedule = try await client.schedule(id: id)
        case 2:
            client = try await session.connect()
            let project = try await client.project(named: arguments[0])
            schedule = try await client.schedule(projectId: project.id, workflow: arguments[1])
        default:
            throw usageExit(session.context)
        }
        let from = try ClientTime.parseLocalTime(
            fromTime, errorMessage: "--from must be \"yyyy-MM-dd\", or \"yyyy-MM-dd HH:mm:SS\" format")
        let truncated = try await client.truncatedSessionTime(workflowId: schedule.workflow.id, sessionTime: from.javaText)
        let attempts = try await client.backfillSchedule(
            id: schedule.id, fromTime: Date(timeIntervalSince1970: Double(truncated.sessionTime)),
            attemptName: retryAttemptName ?? UUID().uuidString.lowercased(), count: count, dryRun: dryRun)
        StandardStreams.out("Session attempts:")
        for attempt in attempts {
            StandardStreams.out("  id: \(attempt.id)")
            StandardStreams.out("  uuid: \(attempt.sessionUUID)")
            StandardStreams.out("  project: \(attempt.project.name)")
            StandardStreams.out("  workflow: \(attempt.workflow.name)")
            StandardStreams.out("  session time: \(ClientPrinter.sessionTime(attempt))")
            StandardStreams.out("  retry attempt name: \(attempt.retryAttemptName ?? "")")
            StandardStreams.out("  params: \(ClientPrinter.json(attempt.params))")
            StandardStreams.out("  created at: \(ClientTime.format(attempt.createdAt))")
            StandardStreams.out("")
        }
        if dryRun || attempts.isEmpty {
            StandardStreams.err("No session attempts started.")
        } else {
            StandardStreams.err("Backfill session attempts started.")
            StandardStreams.err("Use `\(session.programName) sessions` to show the session attempts.")
        }
    }
}
