import ArgumentParser
import DigdagAPI

/// `digdag attempts [session-id]`: lists attempts (`cli:client/ShowAttempts.java`).
///
/// Beyond Digdag: `--status success|error|running|killed` keeps only attempts with that status.
struct AttemptsCommand: DigdagClientCommand {
    static let configuration = CommandConfiguration(commandName: "attempts")

    @OptionGroup var common: CommonOptions
    @OptionGroup var client: ClientOptions

    /// `-i, --last-id ID`: attempts older than this id.
    @Option(name: [.customShort("i"), .customLong("last-id")], parsing: .unconditional) var lastId: Int64?
    /// `-s, --page-size N`: at most this many attempts.
    @Option(name: [.customShort("s"), .customLong("page-size")], parsing: .unconditional) var pageSize: Int?
    /// `--status STATUS`: keep only attempts with this status.
    @Option(name: .customLong("status"), parsing: .unconditional) var status: AttemptStatusFilter?
    @Argument var arguments: [String] = []

    static func usage(_ context: UsageContext) -> String {
        let name = context.programName
        return """
            Usage: \(name) attempts                         show attempts for all sessions
                   \(name) attempts <session-id>            show attempts for a session
              Options:
                -i, --last-id ID                 shows more session attempts from this id
                -s, --page-size Number           shows more session attempts of the number of this page size (in default up to 100)
                    --status STATUS              shows only attempts of this status (success, error, running or killed)

            """ + context.clientCommandOptions
    }

    func run(_ session: ClientSession) async throws {
        guard arguments.count <= 1 else { throw usageExit(session.context) }
        let sessionId = try arguments.first.map {
            try ClientArguments.longId($0, usage: { usageExit(session.context, error: $0) })
        }
        let client = try await session.connect()
        var attempts: [RestSessionAttempt]
        if let sessionId {
            attempts = try await client.attempts(sessionId: sessionId, lastId: lastId, pageSize: pageSize)
        } else {
            attempts = try await client.attempts(lastId: lastId, pageSize: pageSize)
        }
        if let status { attempts = attempts.filter(status.matches) }
        StandardStreams.out("Session attempts:")
        attempts.reversed().forEach(ClientPrinter.attempt)
        if attempts.isEmpty {
            StandardStreams.err("Use `\(session.programName) start` to start a session.")
        }
    }
}
