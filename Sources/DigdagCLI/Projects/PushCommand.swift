import ArgumentParser
import DigdagAPI
import DigdagCore
import Foundation

/// `digdag push <project>`: archives the project directory and uploads it as a new revision
/// (`cli:client/Push.java`).
struct PushCommand: DigdagClientCommand {
    static let configuration = CommandConfiguration(commandName: "push")

    @OptionGroup var common: CommonOptions
    @OptionGroup var client: ClientOptions

    /// `--project DIR`: the project directory (default: the current directory).
    @Option(name: .customLong("project"), parsing: .unconditional) var projectDirectory: String?
    /// `-r, --revision NAME`: the revision name (default: a random UUID).
    @Option(name: [.customShort("r"), .customLong("revision")], parsing: .unconditional) var revision: String?
    /// `--schedule-from "yyyy-MM-dd HH:mm:ss Z"|unixtime`: start schedules from this time.
    @Option(name: .customLong("schedule-from"), parsing: .unconditional) var scheduleFrom: String?
    /// `--copy-outgoing-symlinks`: store what outgoing symlinks point to.
    @Flag(name: .customLong("copy-outgoing-symlinks")) var copyOutgoingSymlinks = false
    @Argument var arguments: [String] = []

    static func usage(_ context: UsageContext) -> String {
        """
        Usage: \(context.programName) push <project> -r <revision>
          Options:
                --project DIR                use this directory as the project directory (default: current directory)
            -r, --revision REVISION          specific revision name instead of auto-generated UUID
                --schedule-from "yyyy-MM-dd HH:mm:ss Z"  start schedules from this time instead of current time
                --copy-outgoing-symlinks     transform symbolic links to regular files or directories

        """ + context.clientCommandOptions
    }

    func run(_ session: ClientSession) async throws {
        guard arguments.count == 1 else { throw usageExit(session.context) }
        let name = arguments[0]
        if name.isEmpty { throw usageExit(session.context, error: "project name cannot be empty") }

        let temporary = try TemporaryArchive.create()
        defer { temporary.remove() }
        let from = try scheduleFrom.map { try ClientTime.parseTime($0, optionName: "--schedule-from") }
        let archiving = ProjectArchiving(projectDirectory: projectDirectory, copyOutgoingSymlinks: copyOutgoingSymlinks)
        let workflows = try archiving.write(to: temporary.url, displayPath: temporary.displayPath)
        Self.printWorkflows(workflows)

        let client = try await session.connect()
        if revision == "" { throw usageExit(session.context, error: "revision cannot be empty") }
        let data = try Data(contentsOf: temporary.url)
        let project = try await client.putProjectRevision(
            project: name, revision: revision ?? UUID().uuidString.lowercased(), archive: data, scheduleFrom: from)
        Self.printUploaded(project, programName: session.programName)
    }

    /// `Workflows:` and the workflow files, or Digdag's warning when there are none.
    static func printWorkflows(_ workflows: [String]) {
        StandardStreams.out("Workflows:")
        if workflows.isEmpty {
            StandardStreams.out("  WARNING: This project doesn't include workflows. Usually, this is a mistake.")
            StandardStreams.out("           Please make sure that all *.dig files are on the top directory.")
            StandardStreams.out("           *.dig files in subdirectories are not recognized as workflows.")
            StandardStreams.out("")
        }
        for workflow in workflows {
            StandardStreams.out("  \(workflow)")
        }
    }

    /// The `Uploaded:` block (`ProjectUtil.showUploadedProject`), times as raw ISO instants.
    static func printUploaded(_ project: RestProject, programName: String) {
        StandardStreams.out("Uploaded:")
        StandardStreams.out("  id: \(project.id)")
        StandardStreams.out("  name: \(project.name)")
        StandardStreams.out("  revision: \(project.revision)")
        StandardStreams.out("  archive type: \(project.archiveType)")
        StandardStreams.out("  project created at: \(ZonedTime.instantText(project.createdAt))")
        StandardStreams.out("  revision updated at: \(ZonedTime.instantText(project.updatedAt))")
        StandardStreams.out("")
        StandardStreams.out("Use `\(programName) workflows` to show all workflows.")
    }
}
