import ArgumentParser
import DigdagAPI

/// `digdag tasks <attempt-id>` (alias `task`): the tasks of an attempt (`cli:client/ShowTask.java`).
struct TasksCommand: DigdagClientCommand {
    static let configuration = CommandConfiguration(commandName: "task", aliases: ["tasks"])

    @OptionGroup var common: CommonOptions
    @OptionGroup var client: ClientOptions
    @Argument var arguments: [String] = []

    static func usage(_ context: UsageContext) -> String {
        "Usage: \(context.programName) tasks <attempt-id>\n  Options:\n" + context.clientCommandOptions
    }

    func run(_ session: ClientSession) async throws {
        guard arguments.count == 1 else { throw usageExit(session.context) }
        let id = try ClientArguments.longId(arguments[0], usage: { usageExit(session.context, error: $0) })
        let client = try await session.connect()
        let tasks = try await client.tasks(attemptId: id)
        for task in tasks {
            Self.show(task)
        }
        if tasks.isEmpty {
            _ = try await client.attempt(id: id)  // a missing attempt is an error
        }
        StandardStreams.out("\(tasks.count) entries.")
    }

    private static func show(_ task: RestTask) {
        let out = StandardStreams.out
        out("   id: \(task.id)")
        out("   name: \(task.fullName)")
        out("   state: \(task.state)")
        out("   started: \(task.startedAt.map(ClientTime.format) ?? "")")
        out("   updated: \(ClientTime.format(task.updatedAt))")
        out("   config: \(ClientPrinter.json(task.config))")
        out("   parent: \(task.parentId.map(String.init) ?? "null")")
        out("   upstreams: [\(task.upstreams.map(String.init).joined(separator: ", "))]")
        out("   export params: \(ClientPrinter.json(task.exportParams))")
        out("   store params: \(ClientPrinter.json(task.storeParams))")
        out("   state params: \(ClientPrinter.json(task.stateParams))")
        out("")
    }
}
