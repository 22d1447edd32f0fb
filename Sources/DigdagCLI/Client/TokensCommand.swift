import ArgumentParser
import DigdagAPI
import DigdagClient

/// `digdag tokens` (alias `token`, beyond Digdag): lists, creates and revokes the server's API
/// tokens. A new token is printed once, alone on stdout, so that a script can keep it.
struct TokensCommand: DigdagClientCommand {
    static let configuration = CommandConfiguration(commandName: "tokens", aliases: ["token"])

    @OptionGroup var common: CommonOptions
    @OptionGroup var client: ClientOptions

    /// `--read-only`: the new token may only read.
    @Flag(name: .customLong("read-only")) var readOnly = false
    @Argument var arguments: [String] = []

    static func usage(_ context: UsageContext) -> String {
        """
        Usage: \(context.programName) tokens                     list API tokens
               \(context.programName) tokens create <name>       create a token (printed once)
               \(context.programName) tokens revoke <id>         revoke a token
          Options:
                --read-only              the new token may list and read, not change anything
          A token is sent as `Authorization: Bearer <token>`: -H Authorization='Bearer <token>',
          client.http.token in the config file, or the DIGDAG_API_TOKEN environment variable.

        """ + context.clientCommandOptions
    }

    func run(_ session: ClientSession) async throws {
        switch (arguments.first, arguments.count) {
        case (nil, _):
            let tokens = try await session.connect().accessTokens()
            StandardStreams.out("Tokens")
            tokens.forEach(Self.show)
        case ("create", 2):
            let token = try await session.connect().createAccessToken(name: arguments[1], readOnly: readOnly)
            let access = token.readOnly ? "read-only" : "full access"
            StandardStreams.err(
                "Created token \(token.id) '\(token.name)' (\(access)). It is shown only now; keep it in a safe place.")
            StandardStreams.out(token.token ?? "")
        case ("revoke", 2):
            guard let id = Int64(arguments[1]) else {
                throw usageExit(session.context, error: "Token id must be a number: \(arguments[1])")
            }
            let token = try await session.connect().revokeAccessToken(id: id)
            StandardStreams.err("Revoked token \(token.id) '\(token.name)'")
        default:
            throw usageExit(session.context)
        }
    }

    private static func show(_ token: RestAccessToken) {
        StandardStreams.out("  id: \(token.id)")
        StandardStreams.out("  name: \(token.name)")
        StandardStreams.out("  read only: \(token.readOnly)")
        StandardStreams.out("  created by: \(token.createdBy)")
        StandardStreams.out("  created at: \(ClientTime.format(token.createdAt))")
        StandardStreams.out("")
    }
}
