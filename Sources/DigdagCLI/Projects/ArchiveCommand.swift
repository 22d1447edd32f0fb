import ArgumentParser
import Foundation

/// `digdag archive [-o file]`: writes the project archive to a file for `upload`
/// (`cli:client/Archive.java`; a local command: no client options).
struct ArchiveCommand: DigdagSubcommand {
    static let configuration = CommandConfiguration(commandName: "archive")

    @OptionGroup var common: CommonOptions

    /// `--project DIR`: the project directory (default: the current directory).
    @Option(name: .customLong("project"), parsing: .unconditional) var projectDirectory: String?
    /// `-o, --output FILE`: the archive to write.
    @Option(name: [.customShort("o"), .customLong("output")], parsing: .unconditional)
    var output: String = "digdag.archive.tar.gz"
    /// `--copy-outgoing-symlinks`: store what outgoing symlinks point to.
    @Flag(name: .customLong("copy-outgoing-symlinks")) var copyOutgoingSymlinks = false
    @Argument var arguments: [String] = []

    static func usage(_ context: UsageContext) -> String {
        """
        Usage: \(context.programName) archive [options...]
          Options:
                --project DIR                use this directory as the project directory (default: current directory)
            -o, --output ARCHIVE.tar.gz      output path (default: digdag.archive.tar.gz)
                --copy-outgoing-symlinks     transform symbolic links to regular files or directories

        """ + context.commonOptions
    }

    func execute(_ context: CommandContext) async throws {
        guard arguments.isEmpty else { throw usageExit(context) }
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let file = URL(fileURLWithPath: output, relativeTo: cwd).standardizedFileURL
        let archiving = ProjectArchiving(projectDirectory: projectDirectory, copyOutgoingSymlinks: copyOutgoingSymlinks)
        _ = try archiving.write(to: file, displayPath: output)
        let name = context.programName
        let out = StandardStreams.out
        out("Created \(output).")
        out("Use `\(name) upload <path.tar.gz> <project> <revision>` to upload it a server.")
        out("")
        out("  Examples:")
        out("    $ \(name) upload \(output) $(basename $(pwd)) -r $(date +%Y%m%d-%H%M%S)")
        out("    $ \(name) upload \(output) $(git rev-parse --abbrev-ref HEAD) -r $(git rev-parse HEAD)")
        out("")
    }
}
