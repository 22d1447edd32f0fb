import ArgumentParser
import DigdagAPI
import DigdagClient
import DigdagCore
import Foundation

/// `digdag start <project> <workflow> --session ...`: starts a session attempt (`cli:client/Start.java`).
///
/// Beyond Digdag: `--wait` blocks until the attempt ends; the exit status is 0 on success.
struct StartCommand: DigdagClientCommand {
    static let configuration = CommandConfiguration(commandName: "start")

    @OptionGroup var common: CommonOptions
    @OptionGroup var client: ClientOptions
    @OptionGroup var params: SessionParamsOptions

    /// `--retry NAME`: the retry attempt name of the new attempt.
    @Option(name: .customLong("retry"), parsing: .unconditional) var retryAttemptName: String?
    /// `--session hourly|daily|now|yyyy-MM-dd|"yyyy-MM-dd HH:mm:ss"` (required).
    @Option(name: .customLong("session"), parsing: .unconditional) var sessionText: String?
    /// `--revision NAME`: run the workflow of this revision.
    @Option(name: .customLong("revision"), parsing: .unconditional) var revision: String?
    /// `-d, --dry-run`: show what would start.
    @Flag(name: [.customShort("d"), .customLong("dry-run")]) var dryRun = false
    /// `--wait`: wait until the attempt ends.
    @Flag(name: .customLong("wait")) var wait = false
    @Argument var arguments: [String] = []

    static var keyValueOptionNames: Set<String> { ClientOptions.keyValueOptionNames.union(["-p", "--param"]) }

    static func usage(_ context: UsageContext) -> String {
        let name = context.programName
        return """
            Usage: \(name) start <project-name> <name>
              Options:
                    --session <hourly | daily | now | yyyy-MM-dd | "yyyy-MM-dd HH:mm:ss">  set session_time to this time (required)
                    --revision <name>            use a past revision
                    --retry NAME                 set retry attempt name to a new session
                -d, --dry-run                    tries to start a session attempt but does nothing
                -p, --param KEY=VALUE            add a session parameter (use multiple times to set many parameters)
                -P, --params-file PATH.yml       read session parameters from a YAML file
                    --wait                       wait until the session attempt finishes (exit 1 unless it succeeds)

            """ + context.clientCommandOptions + """

              Examples:
                $ \(name) start myproj workflow1 --session 2016-01-01  # use this day as session_time
                $ \(name) start myproj workflow1 --session hourly      # use current hour's 00:00
                $ \(name) start myproj workflow1 --session daily       # use current day's 00:00:00


            """
    }

    func run(_ session: ClientSession) async throws {
        guard arguments.count == 2 else { throw usageExit(session.context) }
        guard let sessionText else { throw usageExit(session.context, error: "--session option is required") }
        let overrideParams = try params.load(session.context)
        let time: String
        var mode: String?
        switch sessionText {
        case "hourly", "daily", "now":
            time = ZonedTime.instantText(Date())
            mode = sessionText == "hourly" ? "hour" : sessionText == "daily" ? "day" : nil
        default:
            time = try ClientTime.parseLocalTime(
                sessionText,
                errorMessage: "--session must be hourly, daily, now, \"yyyy-MM-dd\", or \"yyyy-MM-dd HH:mm:SS\" format"
            ).javaText
        }
        let client = try await session.connect()
        let project = try await client.project(named: arguments[0])
        let workflow = try await client.workflowDefinition(projectId: project.id, name: arguments[1], revision: revision)
        let truncated = try await client.truncatedSessionTime(workflowId: workflow.id, sessionTime: time, mode: mode)
        let request = SessionAttemptRequest(
            workflowId: workflow.id, sessionTime: Date(timeIntervalSince1970: Double(truncated.sessionTime)),
            retryAttemptName: retryAttemptName, params: overrideParams)
        if dryRun {
            let out = StandardStreams.out
            out("Session attempt:")
            out("  session id: (dry run)")
            out("  attempt id: (dry run)")
            out("  uuid: (dry run)")
            out("  project: \(workflow.project.name)")
            out("  workflow: \(workflow.name)")
            out("  session time: \(ClientTime.format(request.sessionTime))")
            out("  retry attempt name: \(retryAttemptName ?? "")")
            out("  params: \(ClientPrinter.json(overrideParams))")
            out("")
            StandardStreams.err("Session attempt is not started.")
            return
        }
        let attempt: RestSessionAttempt
        do {
            attempt = try await client.startAttempt(request)
        } catch {
            if error.code == .clientError && error.status == 409 {
                throw conflict(error, truncated, programName: session.programName)
            }
            throw error
        }
        ClientPrinter.startedAttempt(attempt, programName: session.programName)
        if wait {
            try await AttemptWaiter(client: client).wait(for: attempt.id)
        }
    }

    /// Digdag's message when the session already exists (the 409 body is that attempt).
    private func conflict(_ error: DigdagClientError, _ truncated: RestWorkflowSessionTime, programName: String) -> CLIError {
        let time = ClientTime.javaOffsetDateTime(epochSeconds: truncated.sessionTime, zoneId: truncated.timezone)
        guard let reader = try? JSONObjectReader(text: error.body), let existing = try? RestSessionAttempt(reader: reader) else {
            return CLIError(
                "A session for the requested session_time already exists (session_time=\(time))"
                    + "\nhint: use `\(programName) retry <attempt-id> --latest-revision --all` command to run the session again for the same session_time")
        }
        return CLIError(
            "A session for the requested session_time already exists (session_id=\(existing.sessionId), attempt_id=\(existing.id), session_time=\(time))"
                + "\nhint: use `\(programName) retry \(existing.id) --latest-revision --all` command to run the session again for the same session_time")
    }
}
