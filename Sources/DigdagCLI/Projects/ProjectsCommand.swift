import ArgumentParser
import DigdagAPI

/// `digdag projects [name]` (alias `project`): lists projects (`cli:client/ShowProjects.java`).
struct ProjectsCommand: DigdagClientCommand {
    static let configuration = CommandConfiguration(commandName: "project", aliases: ["projects"])

    @OptionGroup var common: CommonOptions
    @OptionGroup var client: ClientOptions

    /// `--last-id ID`: list projects after this id.
    @Option(name: .customLong("last-id"), parsing: .unconditional) var lastId: Int64?
    /// `--count N`: at most this many projects (default 100).
    @Option(name: .customLong("count"), parsing: .unconditional) var count: Int = 100
    /// `--name PATTERN`: projects whose name contains this.
    @Option(name: .customLong("name"), parsing: .unconditional) var namePattern: String?
    @Argument var arguments: [String] = []

    static func usage(_ context: UsageContext) -> String {
        """
        Usage: \(context.programName) projects [name]
          Options:
            --count number   number of workflows
            --last-id id     last id of workflow
            --name name      search by part of project name. work only without `name` argument

        """ + context.clientCommandOptions
    }

    func run(_ session: ClientSession) async throws {
        let hint = "Use `\(session.programName) workflows <project-name>` to show details."
        switch arguments.count {
        case 0:
            let client = try await session.connect()
            let projects = try await client.projects(lastId: lastId, count: count, namePattern: namePattern)
            StandardStreams.out("Projects")
            projects.forEach(Self.show)
            StandardStreams.err(hint)
        case 1:
            let client = try await session.connect()
            let project: RestProject
            do {
                project = try await client.project(named: arguments[0])
            } catch {
                if error.isNotFound { throw CLIError("Project '\(arguments[0])' does not exist.") }
                throw error
            }
            StandardStreams.out("Projects")
            Self.show(project)
            StandardStreams.err(hint)
        default:
            throw usageExit(session.context)
        }
    }

    private static func show(_ project: RestProject) {
        StandardStreams.out("  name: \(project.name)")
        StandardStreams.out("  id: \(project.id)")
        StandardStreams.out("  revision: \(project.revision)")
        StandardStreams.out("  archive type: \(project.archiveType)")
        StandardStreams.out("  project created at: \(ClientTime.format(project.createdAt))")
        StandardStreams.out("  revision updated at: \(ClientTime.format(project.updatedAt))")
        StandardStreams.out("")
    }
}
