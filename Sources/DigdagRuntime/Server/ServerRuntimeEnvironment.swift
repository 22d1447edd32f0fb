import DigdagCore
import DigdagOperatorKit
import DigdagStorage
import Foundation

/// The pieces a server runs attempts with, chosen by the CLI.
public struct ServerRuntimeEnvironment: Sendable {
    /// Standard operators.
    public var operators: OperatorRegistry
    /// `${...}` evaluator.
    public var evaluator: any ParamsEvaluator
    /// Server log output (task lines as Digdag's server prints them).
    public var sink: any RuntimeLogSink
    /// Stores task logs in the database.
    public var logUploader: LogUploader
    /// Extra task log copies in Digdag's `-O DIR` layout, if configured.
    public var taskLogDirectory: (any TaskLogStore)?
    /// Decrypts project secrets; nil when no encryption key is configured.
    public var secretCrypto: (any SecretCipher)?
    /// System config (`executor.task_max_run`, `config.*`, ...).
    public var systemConfig: [String: String]
    /// Default session params (`-p`, `-P`, `params.*`).
    public var defaultParams: Config
    /// Environment variables tasks see.
    public var environment: [String: String]
    /// Most tasks running at once in this process; 0 = unlimited.
    public var maxTaskThreads: Int
    /// The slots behind `maxTaskThreads`, shared by all attempts.
    public let taskSlots: TaskSlots?
    /// `require>` waits between this server's sessions, to refuse cycles.
    public let requireWaits = RequireWaitGraph()
    /// Where attempt workspaces (extracted archives) live.
    public var workspaceRoot: URL
    /// Extracts a revision's archive into a directory.
    public var extractArchive: @Sendable (Data, URL) throws -> Void

    /// Creates an environment.
    public init(
        operators: OperatorRegistry, evaluator: any ParamsEvaluator, sink: any RuntimeLogSink,
        logUploader: LogUploader, taskLogDirectory: (any TaskLogStore)?, secretCrypto: (any SecretCipher)?, systemConfig: [String: String],
        defaultParams: Config, environment: [String: String], maxTaskThreads: Int, workspaceRoot: URL,
        extractArchive: @escaping @Sendable (Data, URL) throws -> Void
    ) {
        self.operators = operators
        self.evaluator = evaluator
        self.sink = sink
        self.logUploader = logUploader
        self.taskLogDirectory = taskLogDirectory
        self.secretCrypto = secretCrypto
        self.systemConfig = systemConfig
        self.defaultParams = defaultParams
        self.environment = environment
        self.maxTaskThreads = maxTaskThreads
        self.taskSlots = maxTaskThreads > 0 ? TaskSlots(limit: maxTaskThreads) : nil
        self.workspaceRoot = workspaceRoot
        self.extractArchive = extractArchive
    }
}

/// Encrypts and decrypts stored secret values (`digdag.secret-encryption-key`).
public protocol SecretCipher: Sendable {
    /// The engine name stored beside values (`aesgcm`).
    var engine: String { get }
    /// Encrypts a value for storage.
    func encrypt(_ plaintext: String) throws -> String
    /// Decrypts a stored value.
    func decrypt(_ stored: String) throws -> String
}
