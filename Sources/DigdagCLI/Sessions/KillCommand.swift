import ArgumentParser

/// `digdag kill <attempt-id>`: requests cancellation of a running attempt (`cli:client/Kill.java`).
struct KillCommand: DigdagClientCommand {
    static let configuration = CommandConfiguration(commandName: "kill")

    @OptionGroup var common: CommonOptions
    @OptionGroup var client: ClientOptions
    @Argument var arguments: [String] = []

    static func usage(_ context: UsageContext) -> String {
        "Usage: \(context.programName) kill <attempt-id>\n  Options:\n" + context.clientCommandOptions
    }

    func run(_ session: ClientSession) async throws {
        guard arguments.count == 1 else { throw usageExit(session.context) }
        let id = try ClientArguments.longId(arguments[0], usage: { usageExit(session.context, error: $0) })
        let client = try await session.connect()
        try await client.killAttempt(id: id)
        StandardStreams.out("Kill requested for session attempt \(id)")
    }
}
