import ArgumentParser

/// `digdag version`: the client's and the server's versions (`cli:client/Version.java`).
struct VersionCommand: DigdagClientCommand {
    static let configuration = CommandConfiguration(commandName: "version")

    @OptionGroup var common: CommonOptions
    @OptionGroup var client: ClientOptions
    @Argument var arguments: [String] = []

    static func usage(_ context: UsageContext) -> String {
        "Usage: \(context.programName) version\n  Options:\n" + context.clientCommandOptions
    }

    func run(_ session: ClientSession) async throws {
        StandardStreams.out("Client version: \(Banner.version)")
        do {
            let client = try await session.connect(checkVersion: false)
            StandardStreams.out("Server version: \(try await client.serverVersion())")
        } catch {
            StandardStreams.out("An error happened during getting Server version.")
            throw error
        }
    }
}
