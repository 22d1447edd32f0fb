import ArgumentParser

/// `digdag attempt <attempt-id>`: shows one attempt (`cli:client/ShowAttempt.java`).
struct AttemptCommand: DigdagClientCommand {
    static let configuration = CommandConfiguration(commandName: "attempt")

    @OptionGroup var common: CommonOptions
    @OptionGroup var client: ClientOptions
    @Argument var arguments: [String] = []

    static func usage(_ context: UsageContext) -> String {
        "Usage: \(context.programName) attempt  <attempt-id>            show a single attempt\n"
            + context.clientCommandOptions
    }

    func run(_ session: ClientSession) async throws {
        guard arguments.count == 1 else { throw usageExit(session.context) }
        let id = try ClientArguments.longId(arguments[0], usage: { usageExit(session.context, error: $0) })
        let client = try await session.connect()
        ClientPrinter.attempt(try await client.attempt(id: id))
    }
}
