import DigdagCore
import DigdagProject
import DigdagRuntime
import DigdagStorage
import Foundation
import Logging

/// Server settings from options and the `-c` properties file.
public struct ServerSettings: Sendable {
    /// Version reported by `/api/version`.
    public var version = "0.10.5"
    /// `api.max_archive_total_size_limit`.
    public var maxArchiveSize = 2_097_152
    /// `api.max_archive_file_count` (beyond Digdag): the most entries an uploaded archive may hold.
    public var maxArchiveEntries = ProjectArchiveExtractor.Limits.defaultMaxEntries
    /// `api.max_sessions_page_size`.
    public var maxSessionsPageSize = 100
    /// `api.max_attempts_page_size`.
    public var maxAttemptsPageSize = 100
    /// `executor.attempt_max_run`.
    public var maxActiveAttempts = 100
    /// `executor.task_max_run`.
    public var maxTasksPerAttempt = 1000
    /// Who may log in with basic authentication: `server.authenticator.basic.username` /
    /// `.password` (Digdag's one user) and, beyond Digdag, `server.authenticator.basic.users.*`.
    /// Empty means no authentication: every request is let in, API tokens are not checked.
    public var users: [ServerUser] = []
    /// `server.authenticator.basic.challenge` (beyond Digdag, on by default): a 401 carries a
    /// `WWW-Authenticate` challenge (`AuthenticationChallenge`), as HTTP asks. Digdag sends none;
    /// `false` restores that.
    public var sendsAuthenticationChallenge = true
    /// `server.http.headers.*` added to API responses.
    public var extraHeaders: [(String, String)] = []
    /// `server.client-version-check.upgrade-recommended-if-older`.
    public var upgradeRecommendedIfOlder: String?
    /// `server.client-version-check.api-incompatible-if-older`.
    public var apiIncompatibleIfOlder: String?

    /// `-A/--access-log DIR`: where `access.log` is written.
    public var accessLogDirectory: URL?

    /// Default settings.
    public init() {}
}

/// Turns an uploaded archive into workflows (the project loader over an extracted archive).
public protocol ArchiveLoader: Sendable {
    /// Validates the archive under `maxSize` limits and returns its workflows and default params.
    func load(_ archive: Data, maxSize: Int) throws(APIError) -> LoadedArchive
}

/// What an uploaded archive holds.
public struct LoadedArchive: Sendable {
    /// Workflows, in file-name order.
    public var workflows: [NewWorkflow]
    /// Default session params of the revision.
    public var defaultParams: Config

    /// Creates a value.
    public init(workflows: [NewWorkflow], defaultParams: Config = [:]) {
        self.workflows = workflows
        self.defaultParams = defaultParams
    }
}

/// Everything request handlers use.
public struct ServerContext: Sendable {
    /// The database.
    public var storage: any DigdagStorage
    /// The executor of this node.
    public var executor: AttemptExecutor
    /// Settings.
    public var settings: ServerSettings
    /// Archive validation and loading.
    public var archives: any ArchiveLoader
    /// Secret encryption; nil without `digdag.secret-encryption-key`.
    public var cipher: (any SecretCipher)?
    /// The server log.
    public var logger: Logger
    /// The clock.
    public var now: @Sendable () -> Date
    /// Creates attempts (shared with the scheduler).
    public var launcher: AttemptLauncher
    /// The scheduler of this node, woken when schedules change; nil when disabled.
    public var scheduler: ScheduleExecutor?
    /// Attempts the console watches live (their logs are stored more often); nil: no such tuning.
    public var logWatchers: LogWatchers?
    /// This node's metrics in Prometheus text format (`GET /metrics`); nil: no metrics endpoint.
    public var metricsExposition: (@Sendable () -> [UInt8])?

    /// Creates a context.
    public init(
        storage: any DigdagStorage, executor: AttemptExecutor, settings: ServerSettings, archives: any ArchiveLoader,
        cipher: (any SecretCipher)?, logger: Logger, scheduler: ScheduleExecutor? = nil,
        logWatchers: LogWatchers? = nil, metricsExposition: (@Sendable () -> [UInt8])? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.logWatchers = logWatchers
        self.metricsExposition = metricsExposition
        self.launcher = AttemptLauncher(
            storage: storage, executor: executor, maxTasksPerAttempt: settings.maxTasksPerAttempt, logger: logger)
        self.scheduler = scheduler
        self.storage = storage
        self.executor = executor
        self.settings = settings
        self.archives = archives
        self.cipher = cipher
        self.logger = logger
        self.now = now
    }
}
