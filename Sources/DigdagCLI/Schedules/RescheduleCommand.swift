import ArgumentParser
import DigdagAPI
import DigdagClient
import Foundation

/// `digdag reschedule <schedule-id> | <project> <workflow>`: skips sessions of a schedule
/// (`cli:client/Reschedule.java`).
struct RescheduleCommand: DigdagClientCommand {
    static let configuration = CommandConfiguration(commandName: "reschedule")

    @OptionGroup var common: CommonOptions
    @OptionGroup var client: ClientOptions

    /// `-s, --skip N`: skip this many sessions from now.
    @Option(name: [.customShort("s"), .customLong("skip")], parsing: .unconditional) var skipCount: Int = 0
    /// `-t, --skip-to TIME|now`: skip sessions before this time.
    @Option(name: [.customShort("t"), .customLong("skip-to")], parsing: .unconditional) var toTime: String?
    /// `-a, --run-at TIME`: the next run time.
    @Option(name: [.customShort("a"), .customLong("run-at")], parsing: .unconditional) var runAtTime: String?
    /// `-d, --dry-run`: show the result without saving it.
    @Flag(name: [.customShort("d"), .customLong("dry-run")]) var dryRun = false
    @Argument var arguments: [String] = []

    static func usage(_ context: UsageContext) -> String {
        """
        Usage: \(context.programName) reschedule <schedule-id> | <project-name> <name>
          Options:
            -s, --skip N                     skips specified number of schedules from now
            -t, --skip-to 'yyyy-MM-dd HH:mm:ss Z' | 'now'
                                             skips schedules until the specified time (exclusive)
            -a, --run-at 'yyyy-MM-dd HH:mm:ss Z'
                                             set next run time to this time
            -d, --dry-run                    tries to reschedule and validates the results but does nothing

        """ + context.clientCommandOptions
    }

    func run(_ session: ClientSession) async throws {
        if toTime != nil && skipCount > 0 { throw CLIError("-s and -t can't be set together") }
        if toTime == nil && skipCount <= 0 { throw usageExit(session.context, error: "-s or -t is required") }
        let client: DigdagClient
        let scheduleId: Int64
        switch arguments.count {
        case 1:
            guard let id = ClientArguments.unsignedIntId(arguments[0]) else { throw usageExit(session.context) }
            client = try await session.connect()
            scheduleId = id
        case 2:
            client = try await session.connect()
            let project = try await client.project(named: arguments[0])
            scheduleId = try await client.schedule(projectId: project.id, workflow: arguments[1]).id
        default:
            throw usageExit(session.context)
        }
        let now = Date()
        let runAt = try runAtTime.map { try ClientTime.parseTime($0, optionName: "-a, --run-at") }
        let updated: RestScheduleSummary
        if let toTime {
            let time = toTime == "now" ? now : try ClientTime.parseTime(toTime, optionName: "-t, --skip-to")
            updated = try await client.skipSchedule(id: scheduleId, toTime: time, runAt: runAt, dryRun: dryRun)
        } else {
            updated = try await client.skipSchedule(
                id: scheduleId, fromTime: now, count: skipCount, runAt: runAt, dryRun: dryRun)
        }
        let schedule = updated.schedule
        StandardStreams.out("  id: \(schedule.id)")
        StandardStreams.out("  workflow: \(schedule.workflow.name)")
        StandardStreams.out("  disabled at: \(schedule.disabledAt.map { ClientTime.formatWithDiff(now: now, $0) } ?? "")")
        StandardStreams.out(
            "  next session time: \(ClientTime.format(epochSeconds: schedule.nextScheduleTime, zoneId: schedule.timezone))")
        StandardStreams.out("  next scheduled to run at: \(ClientTime.formatWithDiff(now: now, schedule.nextRunTime))")
        StandardStreams.out("")
        if dryRun {
            StandardStreams.err("Schedule is not updated.")
        } else {
            StandardStreams.err("Use `\(session.programName) schedules` to show schedules.")
        }
    }
}
