import ArgumentParser
import DigdagAPI

/// `digdag sessions [project [workflow]]` and `digdag session <id>` (`cli:client/ShowSession.java`).
///
/// Beyond Digdag: `--status success|error|running|killed` keeps only sessions whose last attempt
/// has that status.
struct SessionsCommand: DigdagClientCommand {
    static let configuration = CommandConfiguration(commandName: "session", aliases: ["sessions"])

    @OptionGroup var common: CommonOptions
    @OptionGroup var client: ClientOptions

    /// `-i, --last-id ID`: sessions older than this id.
    @Option(name: [.customShort("i"), .customLong("last-id")], parsing: .unconditional) var lastId: Int64?
    /// `-s, --page-size N`: at most this many sessions (project listings only, as in Digdag).
    @Option(name: [.customShort("s"), .customLong("page-size")], parsing: .unconditional) var pageSize: Int?
    /// `--status STATUS`: keep only sessions with this status.
    @Option(name: .customLong("status"), parsing: .unconditional) var status: AttemptStatusFilter?
    @Argument var arguments: [String] = []

    static func usage(_ context: UsageContext) -> String {
        let name = context.programName
        return """
            Usage: \(name) sessions                         show sessions for all workflows
                   \(name) sessions <project-name>          show sessions for all workflows in a project
                   \(name) sessions <project-name> <name>   show sessions for a workflow
                   \(name) session  <session-id>            show a single session
              Options:
                -i, --last-id ID                 shows more sessions older than this id
                -s, --page-size Number           shows more sessions of the number of this page size(in default up to 100)
                    --status STATUS              shows only sessions of this status (success, error, running or killed)

            """ + context.clientCommandOptions
    }

    func run(_ session: ClientSession) async throws {
        switch arguments.count {
        case 0:
            try await list(session, project: nil, workflow: nil)
        case 1:
            if let id = ClientArguments.unsignedLongId(arguments[0]) {
                let client = try await session.connect()
                ClientPrinter.session(try await client.session(id: id))
            } else {
                try await list(session, project: arguments[0], workflow: nil)
            }
        case 2:
            try await list(session, project: arguments[0], workflow: arguments[1])
        default:
            throw usageExit(session.context)
        }
    }

    private func list(_ session: ClientSession, project: String?, workflow: String?) async throws {
        let client = try await session.connect()
        var sessions: [RestSession]
        if let project {
            let found = try await client.project(named: project)
            sessions = try await client.sessions(projectId: found.id, workflow: workflow, lastId: lastId, pageSize: pageSize)
        } else {
            sessions = try await client.sessions(lastId: lastId)
        }
        if let status {
            sessions = sessions.filter { $0.lastAttempt.map(status.matches) ?? false }
        }
        StandardStreams.out("Sessions:")
        sessions.reversed().forEach(ClientPrinter.session)
        if sessions.isEmpty {
            StandardStreams.err("Use `\(session.programName) start` to start a session.")
        }
    }
}

/// `--status` values of `sessions` and `attempts` (beyond Digdag).
enum AttemptStatusFilter: String, ExpressibleByArgument, Sendable {
    case success, error, running, killed

    /// Whether `attempt` has this status (`killed` is an error after a kill request).
    func matches(_ attempt: RestSessionAttempt) -> Bool { attempt.status == rawValue }
}
