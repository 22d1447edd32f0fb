import ArgumentParser
import DigdagAPI
import DigdagClient
import DigdagProject

/// `digdag workflows [project] [name]` (alias `workflow`): lists workflows or shows one
/// workflow's definition as YAML (`cli:client/ShowWorkflow.java`).
struct WorkflowsCommand: DigdagClientCommand {
    static let configuration = CommandConfiguration(commandName: "workflow", aliases: ["workflows"])

    @OptionGroup var common: CommonOptions
    @OptionGroup var client: ClientOptions

    /// `--last-id ID`: list workflows after (or, descending, before) this id.
    @Option(name: .customLong("last-id"), parsing: .unconditional) var lastId: Int64?
    /// `--count N`: at most this many workflows (default 100).
    @Option(name: .customLong("count"), parsing: .unconditional) var count: Int = 100
    /// `--name PATTERN`: workflows whose name contains this.
    @Option(name: .customLong("name"), parsing: .unconditional) var namePattern: String?
    /// `--order asc|desc`.
    @Option(name: .customLong("order"), parsing: .unconditional) var order: String = "asc"
    @Argument var arguments: [String] = []

    static func usage(_ context: UsageContext) -> String {
        """
        Usage: \(context.programName) workflows [project-name] [name]
          Options:
            --count number   number of workflows
            --last-id id     last id of workflow
            --order (asc|desc) order of listing default is `asc`. work only without `project-name` argument
            --name name      search by part of workflow name. work only without `project-name` argument

        """ + context.clientCommandOptions
    }

    func validate() throws {
        if order != "asc" && order != "desc" {
            throw ValidationError("Invalid parameter value for --order: \(order)")
        }
    }

    func run(_ session: ClientSession) async throws {
        switch arguments.count {
        case 0, 1:
            let client = try await session.connect()
            if let projectName = arguments.first {
                let project = try await client.project(named: projectName)
                StandardStreams.out("  \(project.name)")
                for workflow in try await client.workflowDefinitions(projectId: project.id) {
                    StandardStreams.out("    \(workflow.name)")
                }
            } else {
                let list = try await client.workflowDefinitions(
                    lastId: lastId, count: count, order: order, namePattern: namePattern)
                var lastProject: String?
                for workflow in list {
                    if workflow.project.name != lastProject {
                        StandardStreams.out("  \(workflow.project.name)")
                        lastProject = workflow.project.name
                    }
                    StandardStreams.out("    \(workflow.name)")
                }
            }
            StandardStreams.out("")
            StandardStreams.err("Use `\(session.programName) workflows <project-name> <name>` to show details.")
        case 2:
            let client = try await session.connect()
            let project = try await client.project(named: arguments[0])
            let workflow = try await client.workflowDefinition(projectId: project.id, name: arguments[1])
            StandardStreams.out(JacksonYAML.render(workflow.config))
        default:
            throw usageExit(session.context)
        }
    }
}
