import ArgumentParser
import DigdagAPI
import DigdagClient

/// `digdag log <attempt-id> [+task-prefix] [-v] [-f]` (alias `logs`): prints task logs
/// (`cli:client/ShowLog.java`).
struct LogCommand: DigdagClientCommand {
    static let configuration = CommandConfiguration(commandName: "log", aliases: ["logs"])

    @OptionGroup var common: CommonOptions
    @OptionGroup var client: ClientOptions

    /// `-v, --verbose`: show debug lines too.
    @Flag(name: [.customShort("v"), .customLong("verbose")]) var verbose = false
    /// `-f, --follow`: keep printing new lines until the attempt (or the tasks) finish.
    @Flag(name: [.customShort("f"), .customLong("follow")]) var follow = false
    @Argument var arguments: [String] = []

    static func usage(_ context: UsageContext) -> String {
        """
        Usage: \(context.programName) log <attempt-id> [+task name prefix]
            -v, --verbose                    show debug logs
            -f, --follow                     show new logs until attempt or task finishes
          Options:

        """ + context.clientCommandOptions
    }

    func run(_ session: ClientSession) async throws {
        guard arguments.count == 1 || arguments.count == 2 else { throw usageExit(session.context) }
        let attemptId = try ClientArguments.longId(arguments[0], usage: { usageExit(session.context, error: $0) })
        let task = arguments.count == 2 ? arguments[1] : nil
        let client = try await session.connect()
        let watcher = TaskLogWatcher(client: client, attemptId: attemptId, verbose: verbose)
        _ = try await watcher.update(try await client.logFiles(attemptId: attemptId, taskPrefix: task))
        guard follow else { return }
        var interval = 500
        while try await !isFinished(client, attemptId: attemptId, task: task) {
            try await Task.sleep(for: .milliseconds(interval))
            interval = min(interval * 2, 10_000)
            if try await watcher.update(try await client.logFiles(attemptId: attemptId, taskPrefix: task)) {
                interval = 500
            }
        }
        // Beyond Digdag: one last look, so lines written just before the end are not lost.
        _ = try await watcher.update(try await client.logFiles(attemptId: attemptId, taskPrefix: task))
    }

    /// The attempt is done, or (with a task prefix) no matching task can still produce logs.
    private func isFinished(_ client: DigdagClient, attemptId: Int64, task: String?) async throws -> Bool {
        let attempt = try await client.attempt(id: attemptId)
        if attempt.done { return true }
        guard let task else { return false }
        let active: Set<String> = ["blocked", "ready", "retry_waiting", "group_retry_waiting", "running"]
        return !(try await client.tasks(attemptId: attemptId)).contains { $0.fullName.hasPrefix(task) && active.contains($0.state) }
    }
}
