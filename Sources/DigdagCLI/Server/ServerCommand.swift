import ArgumentParser
import Foundation

/// `digdag server [options...]`: the REST API, executor and scheduler on one database.
struct ServerCommand: DigdagSubcommand {
    static let configuration = CommandConfiguration(commandName: "server")

    @OptionGroup var common: CommonOptions

    @Option(name: [.customShort("n"), .customLong("port")], parsing: .unconditional) var port: Int?
    @Option(name: [.customShort("b"), .customLong("bind")], parsing: .unconditional) var bind: String?
    @Option(name: .customLong("admin-port"), parsing: .unconditional) var adminPort: Int?
    @Option(name: .customLong("admin-bind"), parsing: .unconditional) var adminBind: String?
    @Flag(name: [.customShort("m"), .customLong("memory")]) var memory = false
    @Option(name: [.customShort("o"), .customLong("database")], parsing: .unconditional) var database: String?
    @Option(name: [.customShort("O"), .customLong("task-log")], parsing: .unconditional) var taskLog: String?
    @Option(name: [.customShort("A"), .customLong("access-log")], parsing: .unconditional) var accessLog: String?
    @Option(name: .customLong("max-task-threads"), parsing: .unconditional) var maxTaskThreads: Int?
    @Flag(name: .customLong("disable-executor-loop")) var disableExecutorLoop = false
    @Flag(name: .customLong("disable-scheduler")) var disableScheduler = false
    @Flag(name: .customLong("disable-local-agent")) var disableLocalAgent = false
    @Flag(name: .customLong("enable-swagger")) var enableSwagger = false
    @Option(name: [.customShort("p"), .customLong("param")], parsing: .unconditionalSingleValue)
    var paramArguments: [String] = []
    @Option(name: [.customShort("H"), .customLong("header")], parsing: .unconditionalSingleValue)
    var headerArguments: [String] = []
    @Option(name: [.customShort("P"), .customLong("params-file")], parsing: .unconditional) var paramsFile: String?
    @Argument var arguments: [String] = []

    static var keyValueOptionNames: Set<String> { ["-p", "--param", "-H", "--header"] }

    static func usage(_ context: UsageContext) -> String {
        """
        Usage: \(context.programName) server [options...]
          Options:
            -n, --port PORT                  port number to listen for web interface and api clients (default: 65432)
            -b, --bind ADDRESS               IP address to listen HTTP clients (default: 127.0.0.1)
            --admin-port PORT                port number to bind admin api on (default: no admin port)
            --admin-bind ADDRESS             IP address to bind admin api on (default: same address with --bind)
            -m, --memory                     uses memory database
            -o, --database DIR               store status to this database
            -O, --task-log DIR               store task logs to this path
            -A, --access-log DIR             store access logs files to this path
                --max-task-threads N         limit maximum number of task execution threads
                --disable-executor-loop      disable workflow executor loop
                --disable-scheduler          disable scheduler
                --disable-local-agent        disable local task execution
                --enable-swagger             enable swagger api. Do not use in production because CORS
                                             is also enabled on from any domains with all HTTP methods
            -p, --param KEY=VALUE            overwrites a parameter (use multiple times to set many parameters)
            -H, --header KEY=VALUE           a header to include in api HTTP responses
            -P, --params-file PATH.yml       reads parameters from a YAML file

        """ + context.commonOptions
    }

    func execute(_ context: CommandContext) async throws {
        if !arguments.isEmpty { throw usageExit(context) }
        if database != nil && memory { throw usageExit(context, error: "Setting both --database and --memory is invalid") }
        var system = try context.loadSystemConfig()
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        if let database {
            system.useEmbeddedDatabase(in: database, cwd: cwd)
        } else if memory {
            system.set("database.type", "memory")
        } else if context.common.configPath == nil, system["database.type"] == nil {
            // Beyond Digdag (which requires -m, -o or -c): the embedded database in a default directory.
            system.set("database.type", "h2")
            system.set("database.path", ServerDefaults.databaseDirectory(environment: context.environment).path)
        }
        if let port { system.set("server.port", String(port)) }
        if let bind { system.set("server.bind", bind) }
        if let taskLog { system.useTaskLogDirectory(taskLog, cwd: cwd) }
        if let accessLog { system.set("server.access-log.path", accessLog) }
        if disableLocalAgent { system.set("agent.enabled", "false") }
        if let maxTaskThreads { system.set("agent.max-task-threads", String(maxTaskThreads)) }
        if disableExecutorLoop { system.set("server.executor.enabled", "false") }
        if disableScheduler { system.set("schedule.enabled", "false") }
        if enableSwagger { system.set("server.enable-swagger", "true") }
        for (key, value) in KeyValueArguments.pairs(headerArguments) { system.set("server.http.headers.\(key)", value) }
        let params = try LocalParams.load(
            system: system.properties, paramsFile: paramsFile,
            params: KeyValueArguments.pairs(paramArguments).map { ($0.key, $0.value) }, cwd: cwd)
        try await ServerMain(system: system, defaultParams: params, environment: context.environment).run()
    }
}

/// Where the server keeps its embedded database when no option says.
enum ServerDefaults {
    static func databaseDirectory(environment: [String: String]) -> URL {
        if let data = environment["XDG_DATA_HOME"], !data.isEmpty {
            return URL(fileURLWithPath: data).appendingPathComponent("digdag/server")
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".local/share/digdag/server")
    }
}
