import ArgumentParser
import Foundation

/// `digdag scheduler` (alias `sched`): a server on the memory database that keeps the current
/// project directory loaded (re-read every two seconds) and runs its schedules.
struct SchedulerCommand: DigdagSubcommand {
    static let configuration = CommandConfiguration(commandName: "scheduler", aliases: ["sched"])

    @OptionGroup var common: CommonOptions
    @Option(name: .customLong("project"), parsing: .unconditional) var project: String?
    @Option(name: [.customShort("n"), .customLong("port")], parsing: .unconditional) var port: Int?
    @Option(name: [.customShort("b"), .customLong("bind")], parsing: .unconditional) var bind: String?
    @Option(name: [.customShort("o"), .customLong("database")], parsing: .unconditional) var database: String?
    @Option(name: [.customShort("O"), .customLong("task-log")], parsing: .unconditional) var taskLog: String?
    @Option(name: .customLong("max-task-threads"), parsing: .unconditional) var maxTaskThreads: Int?
    @Option(name: [.customShort("p"), .customLong("param")], parsing: .unconditionalSingleValue)
    var paramArguments: [String] = []
    @Option(name: [.customShort("P"), .customLong("params-file")], parsing: .unconditional) var paramsFile: String?
    @Argument var arguments: [String] = []

    static var keyValueOptionNames: Set<String> { ["-p", "--param"] }

    static func usage(_ context: UsageContext) -> String {
        """
        Usage: \(context.programName) sched [options...]
          Options:
                --project DIR                use this directory as the project directory (default: current directory)
            -n, --port PORT                  port number to listen for web interface and api clients (default: 65432)
            -b, --bind ADDRESS               IP address to listen HTTP clients (default: 127.0.0.1)
            -o, --database DIR               store status to this database
            -O, --task-log DIR               store task logs to this path
                --max-task-threads N         limit maximum number of task execution threads
            -p, --param KEY=VALUE            overwrites a parameter (use multiple times to set many parameters)
            -P, --params-file PATH.yml       reads parameters from a YAML file

        """ + context.commonOptions
    }

    func execute(_ context: CommandContext) async throws {
        if !arguments.isEmpty { throw usageExit(context) }
        var system = try context.loadSystemConfig()
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        if let database {
            system.useEmbeddedDatabase(in: database, cwd: cwd)
        } else if system["database.type"] == nil {
            system.set("database.type", "memory")
        }
        if let port { system.set("server.port", String(port)) }
        if let bind { system.set("server.bind", bind) }
        if let taskLog { system.useTaskLogDirectory(taskLog, cwd: cwd) }
        if let maxTaskThreads { system.set("agent.max-task-threads", String(maxTaskThreads)) }
        let params = try LocalParams.load(
            system: system.properties, paramsFile: paramsFile,
            params: KeyValueArguments.pairs(paramArguments).map { ($0.key, $0.value) }, cwd: cwd)
        let directory = project.map { URL(fileURLWithPath: $0, relativeTo: cwd).standardizedFileURL } ?? cwd
        var main = ServerMain(system: system, defaultParams: params, environment: context.environment)
        main.localProject = directory
        try await main.run()
    }
}
