import ArgumentParser
import Foundation

/// `digdag secrets` (alias `secret`): lists, sets and deletes secrets (`cli:client/Secrets.java`).
///
/// Only `--local` is implemented; the server variant (`--project`) needs the REST client.
struct SecretsCommand: DigdagSubcommand {
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

    static var keyValueOptionNames: Set<String> { ClientOptions.keyValueOptionNames }

    static func usage(_ context: UsageContext) -> String {
        "Usage: \(context.programName) secrets [--local] [--project <project>] [--set <key>=<value>] [--delete key]\n"
            + context.clientCommandOptions
    }

    func execute(_ context: CommandContext) async throws {
        guard arguments.isEmpty else {
            throw usageExit(context)
        }
        if !set.isEmpty && !delete.isEmpty {
            throw usageExit(context, error: "Please specify only one of --set or --delete")
        }
        guard local else {
            if projectName != nil {
                throw CLIError("Managing secrets on a server is not implemented yet; use --local.")
            }
            throw usageExit(context, error: "Please specify either --project or --local")
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
}
