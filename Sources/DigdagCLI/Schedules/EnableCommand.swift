import ArgumentParser

/// `digdag enable <schedule-id> | <project> [workflow]`: resumes schedules.
struct EnableCommand: DigdagClientCommand {
    static let configuration = CommandConfiguration(commandName: "enable")

    @OptionGroup var common: CommonOptions
    @OptionGroup var client: ClientOptions
    /// Beyond Digdag: skip the slots missed while disabled instead of replaying them.
    @Flag(name: .customLong("skip-schedule")) var skipSchedule = false
    /// Beyond Digdag: with `--skip-schedule`, resume at the first slot at or after this time
    /// (`yyyy-MM-dd HH:mm:ss`, workflow time zone; default now).
    @Option(name: .customLong("next-time"), parsing: .unconditional) var nextTime: String?
    @Argument var arguments: [String] = []

    static let action = ScheduleSwitch(verb: "enable", pastTense: "Enabled") { client, id in
        _ = try await client.enableSchedule(id: id)
    }

    static func usage(_ context: UsageContext) -> String {
        action.usage(context) + """
              Options (beyond Digdag):
                    --skip-schedule              skip the slots missed while the schedule was disabled
                    --next-time 'yyyy-MM-dd HH:mm:ss'  with --skip-schedule, resume at this time (default: now)


            """
    }

    func run(_ session: ClientSession) async throws {
        let skip = skipSchedule || nextTime != nil
        let next = nextTime.map { $0.replacingOccurrences(of: " ", with: "T") }
        let action = ScheduleSwitch(verb: "enable", pastTense: "Enabled") { client, id in
            _ = try await client.enableSchedule(id: id, skipSchedule: skip, nextTime: next)
        }
        try await action.run(session, arguments: arguments) { usageExit(session.context) }
    }
}
