import DigdagClient
import Foundation

/// What a client command works with: its context, its options, and the connection to the
/// server made on demand (``connect(checkVersion:)``), where Digdag's `buildClient()` is called.
struct ClientSession: Sendable {
    /// The command's context.
    let context: CommandContext
    /// The client options.
    let options: ClientOptions

    /// The program name used in hints.
    var programName: String { context.programName }

    /// Loads the system config, builds the client and, unless `--disable-version-check` or
    /// `checkVersion` is false, checks the server's opinion of this client's version.
    func connect(checkVersion: Bool = true) async throws -> DigdagClient {
        let system = try context.loadSystemConfig()
        let client = DigdagClient(configuration: try options.configuration(system: system, environment: context.environment))
        if checkVersion && !options.disableVersionCheck {
            let result = try await client.checkClientVersion()
            try VersionCheckPolicy(programName: programName, systemProperties: context.common.systemProperties)
                .apply(result)
        }
        return client
    }
}
