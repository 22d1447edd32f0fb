import ArgumentParser

/// `digdag disable <schedule-id> | <project> [workflow]`: pauses schedules.
struct DisableCommand: DigdagClientCommand {
    static let configuration = CommandConfiguration(commandName: "disable")

    @OptionGroup var common: CommonOptions
    @OptionGroup var client: ClientOptions
    @Argument var arguments: [String] = []

    static let action = ScheduleSwitch(verb: "disable", pastTense: "Disabled") { client, id in
        _ = try await client.disableSchedule(id: id)
    }

    static func usage(_ context: UsageContext) -> String { action.usage(context) }

    func run(_ session: ClientSession) async throws {
        try await Self.action.run(session, arguments: arguments) { usageExit(session.context) }
    }
}
