import ArgumentParser
import DigdagProject
import Foundation

/// `digdag download <project> [-r REV] [-o DIR]`: extracts a revision's archive
/// (`cli:client/Download.java`).
struct DownloadCommand: DigdagClientCommand {
    static let configuration = CommandConfiguration(commandName: "download")

    @OptionGroup var common: CommonOptions
    @OptionGroup var client: ClientOptions

    /// `-r, --revision NAME`: the revision (default: the latest).
    @Option(name: [.customShort("r"), .customLong("revision")], parsing: .unconditional) var revision: String?
    /// `-o, --output DIR`: where to extract (default: the project name).
    @Option(name: [.customShort("o"), .customLong("output")], parsing: .unconditional) var output: String?
    @Argument var arguments: [String] = []

    static func usage(_ context: UsageContext) -> String {
        """
        Usage: \(context.programName) download <project>
          Options:
            -r, --revision REVISION          specific revision name instead of the latest revision
            -o, --output DIR                 extract files in this output directory (default: same with project name)

        """ + context.clientCommandOptions
    }

    func run(_ session: ClientSession) async throws {
        guard arguments.count == 1 else { throw usageExit(session.context) }
        let name = arguments[0]
        let client = try await session.connect()
        let project = try await client.project(named: name)
        let revision = self.revision ?? project.revision
        let output = self.output ?? name
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let destination = URL(fileURLWithPath: output, relativeTo: cwd).standardizedFileURL
        try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
        let archive: Data
        do {
            archive = try await client.projectArchive(projectId: project.id, revision: revision)
        } catch {
            if error.isNotFound { throw CLIError("Project archive of revision '\(revision)' does not exist.") }
            throw error
        }
        let shown = Self.displayDirectory(output)
        do {
            try ProjectArchiveExtractor().extract(Array(archive), into: destination) { entry in
                let path = shown.isEmpty ? entry.path : shown + "/" + entry.path
                if let target = entry.symlinkTarget {
                    StandardStreams.out("  \(path) -> \(target)")
                } else {
                    StandardStreams.out("  \(path)")
                }
            }
        } catch {
            throw CLIError(error.description)
        }
        StandardStreams.out("Extracted project '\(name)' revision '\(revision)' to \(output).")
    }

    /// The directory as Java's `Path` prints it: repeated and trailing slashes removed.
    static func displayDirectory(_ output: String) -> String {
        let absolute = output.hasPrefix("/")
        let parts = output.split(separator: "/").map(String.init)
        return (absolute ? "/" : "") + parts.joined(separator: "/")
    }
}
