import ArgumentParser
import Foundation

/// `digdag schedules` (alias `schedule`): the first page of schedules (`cli:client/ShowSchedule.java`).
struct SchedulesCommand: DigdagClientCommand {
    static let configuration = CommandConfiguration(commandName: "schedule", aliases: ["schedules"])

    @OptionGroup var common: CommonOptions
    @OptionGroup var client: ClientOptions
    @Argument var arguments: [String] = []

    static func usage(_ context: UsageContext) -> String {
        "Usage: \(context.programName) schedules\n  Options:\n" + context.clientCommandOptions
    }

    func run(_ session: ClientSession) async throws {
        guard arguments.isEmpty else { throw usageExit(session.context) }
        let now = Date()
        let client = try await session.connect()
        StandardStreams.out("Schedules:")
        let schedules = try await client.schedules()
        for schedule in schedules {
            StandardStreams.out("  id: \(schedule.id)")
            StandardStreams.out("  project: \(schedule.project.name)")
            StandardStreams.out("  workflow: \(schedule.workflow.name)")
            StandardStreams.out("  disabled at: \(schedule.disabledAt.map { ClientTime.formatWithDiff(now: now, $0) } ?? "")")
            StandardStreams.out(
                "  next session time: \(ClientTime.format(epochSeconds: schedule.nextScheduleTime, zoneId: schedule.timezone))")
            StandardStreams.out("  next scheduled to run at: \(ClientTime.formatWithDiff(now: now, schedule.nextRunTime))")
            if schedule.pendingSlots > 0 {
                // Beyond Digdag: missed slots waiting to run one after another (catch_up).
                StandardStreams.out("  pending slots: \(schedule.pendingSlots)")
            }
            StandardStreams.out("")
        }
        StandardStreams.out("\(schedules.count) entries.")
        StandardStreams.err("Use `\(session.programName) workflows [project-name] [name]` to show workflow details.")
    }
}
