import ArgumentParser
import DigdagClient

/// A client command (`cli:client/ClientCommand.java`): talks to a server through ``ClientSession``;
/// ``DigdagClientError``s become Digdag's messages (``ClientErrorText``).
protocol DigdagClientCommand: DigdagSubcommand {
    /// The client options parsed for this command.
    var client: ClientOptions { get }

    /// Performs the command.
    func run(_ session: ClientSession) async throws
}

extension DigdagClientCommand {
    /// `-H` values must look like `a=b`.
    static var keyValueOptionNames: Set<String> { ClientOptions.keyValueOptionNames }

    func execute(_ context: CommandContext) async throws {
        do {
            try await run(ClientSession(context: context, options: client))
        } catch let error as DigdagClientError {
            throw CLIError(ClientErrorText.message(for: error))
        }
    }
}

/// Digdag's CLI wording of client failures (`ClientCommand.main`).
enum ClientErrorText {
    /// `Resource not found: ...`, `Request conflicted: ...`, `Invalid option: ...`,
    /// `Status code N: ...` for 4xx; the error's own message otherwise.
    static func message(for error: DigdagClientError) -> String {
        guard error.code == .clientError, let status = error.status else { return error.message }
        switch status {
        case 404: return "Resource not found: \(error.body)"
        case 409: return "Request conflicted: \(error.body)"
        case 422: return "Invalid option: \(error.body)"
        default: return "Status code \(status): \(error.body)"
        }
    }
}
