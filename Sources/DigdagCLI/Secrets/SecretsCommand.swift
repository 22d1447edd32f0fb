import ArgumentParser
import Foundation

/// `digdag secrets` (alias `secret`): lists, sets and deletes secrets (`cli:client/Secrets.java`),
/// either the local ones used by `digdag run` (`--local`) or a server project's (`--project`).
struct SecretsCommand: DigdagClientCommand {
    static let configuration = CommandConfiguration(commandName: "secrets", aliases: ["secret"])

    @OptionGroup var common: CommonOptions
    @OptionGroup var client: ClientOptions

    /// `--project NAME`: the server project whose secrets are managed.
    @Option(name: .customLong("project"), parsing: .unconditional)
    var projectName: String?

    /// `--set ...`: values to set (variable arity).
    @Option(name: .customLong("set"), parsing: .upToNextOption)
    var set: [String] = []

    /// `--delete ...`: keys to delete (variable arity).
    @Option(name: .customLong("delete"), parsing: .upToNextOption)
    var delete: [String] = []

    /// `--local`: use the local secret files instead of a server.
    @Flag(name: .customLong("local"))
    var local = false

    @Argument var arguments: [String] = []

    static func usage(_ context: UsageContext) -> String {
        "Usage: \(context.programName) secrets [--local] [--project <project>] [--set <key>=<value>] [--delete key]\n"
            + context.clientCommandOptions
    }

    func run(_ session: ClientSession) async throws {
        let context = session.context
        guard arguments.isEmpty else {
            throw usageExit(context)
        }
        if !set.isEmpty && !delete.isEmpty {
            throw usageExit(context, error: "Please specify only one of --set or --delete")
        }
        guard local else {
            guard let projectName else { throw usageExit(context, error: "Please specify either --project or --local") }
            try await manageProject(projectName, session)
            return
        }
        let store = LocalSecretStore(environment: context.environment)
        if !set.isEmpty {
            let reader = SecretArgumentReader(usage: { usageExit(context, error: $0) })
            for (key, value) in try reader.parseSet(set) {
                try store.set(key, value)
                StandardStreams.err("Secret '\(key)' set")
            }
        } else if !delete.isEmpty {
            let reader = SecretArgumentReader(usage: { usageExit(context, error: $0) })
            for key in try reader.parseDelete(delete) {
                try store.delete(key)
                StandardStreams.err("Secret '\(key)' deleted")
            }
        } else {
            for key in store.keys() {
                StandardStreams.out(key)
            }
        }
    }

    /// `--project`: the server project's secrets.
    private func manageProject(_ name: String, _ session: ClientSession) async throws {
        let client = try await session.connect()
        let project = try await client.project(named: name)
        let reader = SecretArgumentReader(usage: { usageExit(session.context, error: $0) })
        if !set.isEmpty {
            for (key, value) in try reader.parseSet(set) {
                try await client.setProjectSecret(projectId: project.id, key: key, value: value)
                StandardStreams.err("Secret '\(key)' set")
            }
        } else if !delete.isEmpty {
            for key in try reader.parseDelete(delete) {
                try await client.deleteProjectSecret(projectId: project.id, key: key)
                StandardStreams.err("Secret '\(key)' deleted")
            }
        } else {
            for key in try await client.projectSecretKeys(projectId: project.id) {
                StandardStreams.out(key)
            }
        }
    }
}
