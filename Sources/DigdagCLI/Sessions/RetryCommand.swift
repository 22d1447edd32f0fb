import ArgumentParser
import DigdagAPI
import DigdagClient
import DigdagCore
import Foundation

/// `digdag retry <attempt-id>`: starts a new attempt of a session (`cli:client/Retry.java`).
///
/// Beyond Digdag: `--wait` blocks until the attempt ends; the exit status is 0 on success.
struct RetryCommand: DigdagClientCommand {
    static let configuration = CommandConfiguration(commandName: "retry")

    @OptionGroup var common: CommonOptions
    @OptionGroup var client: ClientOptions
    @OptionGroup var params: SessionParamsOptions

    /// `--keep-revision`: run the same workflow definition again.
    @Flag(name: .customLong("keep-revision")) var keepRevision = false
    /// `--latest-revision`: run the workflow of the project's latest revision.
    @Flag(name: .customLong("latest-revision")) var latestRevision = false
    /// `--revision NAME`: run the workflow of this revision.
    @Option(name: .customLong("revision"), parsing: .unconditional) var revision: String?
    /// `--all`: run every task again.
    @Flag(name: .customLong("all")) var all = false
    /// `--resume`: reuse the successful tasks.
    @Flag(name: .customLong("resume")) var resume = false
    /// `--resume-from +TASK`: reuse the tasks before this one.
    @Option(name: .customLong("resume-from"), parsing: .unconditional) var resumeFrom: String?
    /// `--name NAME`: the retry attempt name (default: a random UUID).
    @Option(name: .customLong("name"), parsing: .unconditional) var retryAttemptName: String?
    /// `--wait`: wait until the attempt ends.
    @Flag(name: .customLong("wait")) var wait = false
    @Argument var arguments: [String] = []

    static var keyValueOptionNames: Set<String> { ClientOptions.keyValueOptionNames.union(["-p", "--param"]) }

    static func usage(_ context: UsageContext) -> String {
        """
        Usage: \(context.programName) retry <attempt-id>
          Options:
                --name <name>                unique identifier of this retry attempt instead of auto-generated UUID
                --latest-revision            use the latest revision
                --keep-revision              keep the same revision
                --revision <name>            use a specific revision
                --all                        retry all tasks
                --resume                     retry only non-successful tasks
                --resume-from <+name>        retry from a specific task
            -p, --param KEY=VALUE            add a session parameter (use multiple times to set many parameters)
            -P, --params-file PATH.yml       read session parameters from a YAML file
                --wait                       wait until the session attempt finishes (exit 1 unless it succeeds)


        """
    }

    func run(_ session: ClientSession) async throws {
        guard arguments.count == 1 else { throw usageExit(session.context) }
        var error = ""
        if !keepRevision && !latestRevision && revision == nil {
            error += "--keep-revision, --latest-revision, or --revision <name> option is required. "
        }
        if !all && !resume && resumeFrom == nil {
            error += "--all, --resume, or --resume-from <+name> option is required. "
        }
        if !error.isEmpty { throw usageExit(session.context, error: error) }
        if [keepRevision, latestRevision, revision != nil].filter({ $0 }).count > 1 {
            throw usageExit(
                session.context, error: "Setting --keep-revision, --latest-revision, or --revision together is invalid.")
        }
        if [all, resume, resumeFrom != nil].filter({ $0 }).count > 1 {
            throw usageExit(session.context, error: "Setting --all, --resume, or --resume-from together is invalid.")
        }
        let attemptId = try ClientArguments.longId(arguments[0], usage: { usageExit(session.context, error: $0) })

        let client = try await session.connect()
        let attempt = try await client.attempt(id: attemptId)
        let workflowId: Int64
        if keepRevision {
            guard let id = attempt.workflow.id else {
                throw CLIError(
                    "Session attempt \(attemptId) is non-stored workflow. Retrying a non-stored workflow is not supported.")
            }
            workflowId = id
        } else {
            workflowId = try await client.workflowDefinition(
                projectId: attempt.project.id, name: attempt.workflow.name, revision: revision
            ).id
        }
        var merged = attempt.params
        merged.deepMerge(try params.load(session.context))
        var request = SessionAttemptRequest(
            workflowId: workflowId, sessionTime: Date(timeIntervalSince1970: Double(attempt.sessionTime)),
            retryAttemptName: retryAttemptName ?? UUID().uuidString.lowercased(), params: merged)
        if let resumeFrom {
            request.resume = .from(attemptId: attemptId, task: resumeFrom)
        } else if resume {
            request.resume = .failed(attemptId: attemptId)
        }
        let started = try await client.startAttempt(request)
        ClientPrinter.startedAttempt(started, programName: session.programName)
        if wait {
            try await AttemptWaiter(client: client).wait(for: started.id)
        }
    }
}
