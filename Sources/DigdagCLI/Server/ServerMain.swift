import CMalloc
import DigdagCore
import DigdagPostgres
import DigdagRuntime
import DigdagSQLite
import DigdagServer
import DigdagStorage
import Foundation
import Logging
import ServiceLifecycle

/// Builds and runs the server process: storage, executor, log uploader and HTTP API in one
/// service group; SIGTERM/SIGINT stop taking work, wait for running tasks, then close.
struct ServerMain {
    let system: SystemConfig
    let defaultParams: Config
    let environment: [String: String]
    /// `digdag scheduler`: a project directory kept loaded as project `default`.
    var localProject: URL? = nil

    func run() async throws {
        Self.keepFreedMemoryForReuse()
        let metrics = ServerMetrics.bootstrap()
        let sink = ConsoleLogSink(interactive: false)
        let logger = Logger(label: "io.digdag.server") { label in ConsoleLogHandler(label: label, sink: sink) }
        let storage = try await ServerStorage.open(system, logger: logger)
        do {
            try await serve(storage: storage, sink: sink, logger: logger, metrics: metrics)
        } catch {
            await storage.close()
            throw error
        }
        await storage.close()
    }

    /// glibc gives memory freed at the top of a heap back to the kernel once more than 128 KiB are
    /// free; a server building and compressing a response of tens of KiB on every request then
    /// faults the same pages in again each time (a tenth of its CPU under load). Keeping up to
    /// 16 MiB for reuse costs an idle server nothing.
    static func keepFreedMemoryForReuse() {
        _ = mallopt(M_TRIM_THRESHOLD, 16 << 20)
    }

    /// `agent.max-task-threads`; unset means a bound of 8 per core (at least 16), beyond Digdag's
    /// unbounded default, so that a burst of sessions cannot start an unbounded number of
    /// processes. `0` keeps Digdag's unbounded pool.
    static func taskThreads(_ system: SystemConfig) throws -> Int {
        if system["agent.max-task-threads"] != nil { return try system.maxTaskThreads }
        return max(16, 8 * ProcessInfo.processInfo.activeProcessorCount)
    }

    /// `database.session-retention` (a duration such as `90d`; unset or `0s`: sessions are kept for
    /// ever, as in Digdag), checked at start and every `database.session-retention-check-interval`
    /// (default `1h`).
    static func sessionRetention(_ system: SystemConfig, storage: any DigdagStorage, logger: Logger) throws
        -> SessionRetention?
    {
        func duration(_ key: String) throws -> DurationParam? {
            try system[key].map { text in
                guard let duration = DurationParam(parsing: text) else {
                    throw CLIError("\(key) must be a duration such as 90d, 12h or 30m: \(text)")
                }
                return duration
            }
        }
        guard let retention = try duration("database.session-retention"), retention.seconds > 0 else { return nil }
        let check = try duration("database.session-retention-check-interval")?.seconds ?? 3600
        guard check > 0 else { throw CLIError("database.session-retention-check-interval must be longer than 0s") }
        logger.info("Sessions are deleted \(retention) after their last attempt ended (database.session-retention)")
        return SessionRetention(
            storage: storage, retention: TimeInterval(retention.seconds), checkInterval: .seconds(check), logger: logger)
    }

    private func serve(
        storage: any DigdagStorage, sink: ConsoleLogSink, logger: Logger, metrics: @escaping @Sendable () -> [UInt8]
    ) async throws {
        if system.bool("database.migrate", default: true) {
            for name in try await storage.migrate() { logger.info("Applied migration \(name)") }
        }
        let settings = try ServerSettingsReader(system: system).settings()
        let cipher = try ServerSecrets.cipher(system, logger: logger)
        let wiring = LocalWiring.standard()
        let uploader = LogUploader(storage: storage, logger: logger)
        let workspaceRoot = FileManager.default.temporaryDirectory
            .appendingPathComponent("digdag-server-\(getpid())")
        let runtime = ServerRuntimeEnvironment(
            operators: wiring.operators, evaluator: wiring.evaluator, sink: sink, logUploader: uploader,
            taskLogDirectory: system["log-server.type"] == "local"
                ? LocalTaskLogDirectory(root: URL(fileURLWithPath: system.string("log-server.local.path", default: "digdag.log")))
                : nil,
            secretCrypto: cipher, systemConfig: system.properties, defaultParams: defaultParams,
            environment: environment, maxTaskThreads: try Self.taskThreads(system), workspaceRoot: workspaceRoot,
            extractArchive: { data, directory in try ServerArchives.extract(data, into: directory) })
        let owner = system["agent.id"] ?? "\(getpid())@\(ProcessInfo.processInfo.hostName)"
        let roles = try NodeRoles(system)
        logger.info("\(roles.summary(nodeId: owner))")
        let executor = AttemptExecutor(
            storage: storage, environment: runtime, owner: owner, leases: roles.leases, logger: logger,
            enabled: roles.runsAttempts,
            takeOverAtStart: system.string("database.type", default: "memory") != "postgresql")
        var scheduler: ScheduleExecutor?
        if roles.scheduler {
            let launcher = AttemptLauncher(
                storage: storage, executor: executor, maxTasksPerAttempt: settings.maxTasksPerAttempt, logger: logger)
            let catchUp = try system["schedule.catch_up"].map { text in
                guard let policy = CatchUpPolicy(rawValue: text) else {
                    throw CLIError("schedule.catch_up must be all, latest or none: \(text)")
                }
                return policy
            }
            let created = ScheduleExecutor(
                storage: storage, launcher: launcher, logger: logger, defaultCatchUp: catchUp,
                maxActiveAttempts: settings.maxActiveAttempts)
            await executor.onAttemptFinished { await created.attemptFinished() }
            scheduler = created
        }
        let context = ServerContext(
            storage: storage, executor: executor, settings: settings,
            archives: ServerArchives(maxEntries: settings.maxArchiveEntries), cipher: cipher,
            logger: logger, scheduler: scheduler, logWatchers: uploader.watchers, metricsExposition: metrics)
        let host = system.string("server.bind", default: "127.0.0.1")
        let port = try system.int("server.port") ?? 65432
        let runtimeInfoPath = system["server.runtime-info.path"]
        let app = DigdagHTTPServer(context: context).application(host: host, port: port) { bound in
            logger.info("Bound on \(host):\(bound) (api)")
            if let runtimeInfoPath {
                let info = #"{"local_addresses":[{"host":"\#(host)","port":\#(bound)}],"local_admin_addresses":[]}"#
                try? Data(info.utf8).write(to: URL(fileURLWithPath: runtimeInfoPath), options: .atomic)
            }
            logger.info("Digdag server is ready: http://\(host):\(bound)/")
        }
        var services: [any Service] = [uploader, app, executor]
        if let scheduler { services.append(scheduler) }
        if let retention = try Self.sessionRetention(system, storage: storage, logger: logger) { services.append(retention) }
        if let localProject { services.append(LocalProjectReloader(context: context, directory: localProject)) }
        let group = ServiceGroup(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
        try? FileManager.default.removeItem(at: workspaceRoot)
    }
}
