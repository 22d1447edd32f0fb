import ArgumentParser

/// `digdag enable <schedule-id> | <project> [workflow]`: resumes schedules.
struct EnableCommand: DigdagClientCommand {
    static let configuration = CommandConfiguration(commandName: "enable")

    @OptionGroup var common: CommonOptions
    @OptionGroup var client: ClientOptions
    @Argument var arguments: [String] = []

    static let action = ScheduleSwitch(verb: "enable", pastTense: "Enabled") { client, id in
        _ = try await client.enableSchedule(id: id)
    }

    static func usage(_ context: UsageContext) -> String { action.usage(context) }

    func run(_ session: ClientSession) async throws {
        try await Self.action.run(session, arguments: arguments) { usageExit(session.context) }
    }
}
