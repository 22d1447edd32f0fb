import ArgumentParser
import Foundation

/// `digdag delete <project> [--force]`: deletes a project after a y/N prompt
/// (`cli:client/Delete.java`).
struct DeleteCommand: DigdagClientCommand {
    static let configuration = CommandConfiguration(commandName: "delete")

    @OptionGroup var common: CommonOptions
    @OptionGroup var client: ClientOptions

    /// `--force`: skip the prompt.
    @Flag(name: .customLong("force")) var force = false
    @Argument var arguments: [String] = []

    static func usage(_ context: UsageContext) -> String {
        """
        Usage: \(context.programName) delete <project>
          Options:
                --force                      skip y/N prompt

        """ + context.clientCommandOptions
    }

    func run(_ session: ClientSession) async throws {
        guard arguments.count == 1 else { throw usageExit(session.context) }
        let name = arguments[0]
        let client = try await session.connect()
        let project = try await client.project(named: name)
        StandardStreams.out("Project:")
        StandardStreams.out("  id: \(project.id)")
        StandardStreams.out("  name: \(project.name)")
        StandardStreams.out("  latest revision: \(project.revision)")
        StandardStreams.out("  created at: \(ClientTime.format(project.createdAt))")
        StandardStreams.out("  last updated at: \(ClientTime.format(project.updatedAt))")
        if !force {
            StandardStreams.errRaw("Are you sure you want to delete this project? [y/N]: ")
            guard let line = readLine(strippingNewline: true) else {
                // Digdag dereferences the missing line.
                throw CLIError("NullPointerException (null pointer)")
            }
            let answer = line.trimmingCharacters(in: .whitespaces).lowercased()
            guard answer == "y" || answer == "yes" else { throw CLIError("canceled.") }
        }
        try await client.deleteProject(id: project.id)
        StandardStreams.err("Project '\(name)' is deleted.")
    }
}
