import ArgumentParser
import Foundation

/// `digdag upload <path.tar.gz> <project>`: uploads an archive made by `archive`
/// (`cli:client/Upload.java`).
struct UploadCommand: DigdagClientCommand {
    static let configuration = CommandConfiguration(commandName: "upload")

    @OptionGroup var common: CommonOptions
    @OptionGroup var client: ClientOptions

    /// `-r, --revision NAME`: the revision name (default: a random UUID).
    @Option(name: [.customShort("r"), .customLong("revision")], parsing: .unconditional) var revision: String?
    @Argument var arguments: [String] = []

    static func usage(_ context: UsageContext) -> String {
        """
        Usage: \(context.programName) upload <path.tar.gz> <project>
          Options:
            -r, --revision REVISION          specific revision name instead of auto-generated UUID

        """ + context.clientCommandOptions
    }

    func run(_ session: ClientSession) async throws {
        guard arguments.count == 2 else { throw usageExit(session.context) }
        let (path, name) = (arguments[0], arguments[1])
        let client = try await session.connect()
        let revision = self.revision ?? UUID().uuidString.lowercased()
        // Digdag's client checks these with Guava's `checkArgument`.
        if name.isEmpty { throw CLIError("projName (illegal argument)") }
        if revision.isEmpty { throw CLIError("revision (illegal argument)") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("\(path) (No such file or directory)")
        }
        let project = try await client.putProjectRevision(project: name, revision: revision, archive: data)
        PushCommand.printUploaded(project, programName: session.programName)
    }
}
