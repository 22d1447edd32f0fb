import DigdagStorage
import Foundation
import Logging
import PostgresNIO
import Synchronization

/// The shared store: one PostgreSQL database that several `digdag server` processes may use at once.
///
/// Its `PostgresClient` pool serves queries only while `run()` runs. Two ways to own it:
/// - `PostgresStorage(configuration:logger:)`, then call `run()` inside the owner's task group or
///   `ServiceGroup` (it returns when that task is cancelled);
/// - `PostgresStorage.connect(_:logger:)`, which starts `run()` in a task the storage owns, checks
///   the connection, and stops it again in `close()`.
///
/// Attempts are claimed with `FOR UPDATE SKIP LOCKED`, so nodes never wait on each other's leases.
/// All SQL binds its values as parameters.
public final class PostgresStorage: DigdagStorage, Sendable {
    let client: PostgresClient
    let logger: Logger
    private let runner = Mutex<Task<Void, Never>?>(nil)
    /// When a call last got a pooled connection (epoch milliseconds): the pool waits for ever
    /// while the database is gone, so a stale time means no connection can be had.
    private let lastAnswer = Atomic<Int64>(StorageCoding.millis(Date()))
    private let connectionTimeout: Double
    /// What the listening connection hears, for the task queue's subscribers.
    let notices = PostgresNoticeHub()
    /// Session pages as last read, kept while the listening connection hears of every change.
    let sessionPages = ChangeWatchedCache<ListQuery, [StoredSession]>()
    /// At most one NOTIFY of session changes per 20 ms (`sessionsChanged()`).
    let sessionChanges = CoalescingSignal(window: .milliseconds(20))

    /// Creates the storage; nothing connects until `run()` runs.
    public init(configuration: PostgresStorageConfiguration, logger: Logger) {
        var tls = PostgresClient.Configuration.TLS.disable
        if let tlsConfiguration = Self.tlsConfiguration(configuration) { tls = .require(tlsConfiguration) }
        var clientConfiguration = PostgresClient.Configuration(
            host: configuration.host, port: configuration.port, username: configuration.user,
            password: configuration.password, database: configuration.database, tls: tls)
        clientConfiguration.options.maximumConnections = max(1, configuration.maximumPoolSize)
        client = PostgresClient(configuration: clientConfiguration, backgroundLogger: logger)
        self.logger = logger
        connectionTimeout = configuration.connectionTimeout
    }

    private static func tlsConfiguration(_ configuration: PostgresStorageConfiguration) -> TLSConfiguration? {
        guard configuration.ssl else { return nil }
        var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
        if !configuration.sslVerifiesCertificate { tlsConfiguration.certificateVerification = .none }
        return tlsConfiguration
    }

    /// Runs the connection pool and its listening connection until the calling task is cancelled.
    public func run() async {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.client.run() }
            group.addTask { await self.listenForNotices() }
        }
    }

    /// Checks that one connection can be opened (failing within the connect timeout with the
    /// server's reason, where the pool would keep retrying), then creates the storage and runs its
    /// pool in a task it owns until `close()`.
    public static func connect(_ configuration: PostgresStorageConfiguration, logger: Logger) async throws(StoreError)
        -> PostgresStorage
    {
        do {
            var tls = PostgresConnection.Configuration.TLS.disable
            if let tlsConfiguration = tlsConfiguration(configuration) {
                tls = .require(try NIOSSLContext(configuration: tlsConfiguration))
            }
            let connection = try await PostgresConnection.connect(
                configuration: PostgresConnection.Configuration(
                    host: configuration.host, port: configuration.port, username: configuration.user,
                    password: configuration.password, database: configuration.database, tls: tls),
                id: 0, logger: logger)
            try await connection.close()
        } catch {
            var storeError = storeError(error)
            storeError.message = "Cannot connect to PostgreSQL at \(configuration.host):\(configuration.port)"
            throw storeError
        }
        let storage = PostgresStorage(configuration: configuration, logger: logger)
        // The task signals right before entering run(), so that the first lease rarely races it.
        await withCheckedContinuation { (started: CheckedContinuation<Void, Never>) in
            storage.runner.withLock { runner in
                runner = Task {
                    started.resume()
                    await storage.run()
                }
            }
        }
        return storage
    }

    /// Stops the pool started by `connect`; a pool run by the owner stops with the owner's task.
    public func close() async {
        let task = runner.withLock { task in
            defer { task = nil }
            return task
        }
        task?.cancel()
        await task?.value
    }

    /// When nothing has answered for `database.connectionTimeout` seconds, closes the pool: calls
    /// waiting for a connection fail instead of waiting for ever (a server shutting down while
    /// the database is gone). True when it did.
    public func giveUpIfUnreachable() async -> Bool {
        let silent = Double(StorageCoding.millis(Date()) - lastAnswer.load(ordering: .relaxed)) / 1000
        guard silent >= connectionTimeout else { return false }
        logger.error(
            "PostgreSQL has not answered for \(Int(silent)) s (database.connectionTimeout): giving up on it while shutting down")
        await close()
        return true
    }

    /// Runs `body` on one pooled connection.
    func connection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        do {
            return try await client.withConnection { connection in
                lastAnswer.store(StorageCoding.millis(Date()), ordering: .relaxed)
                return try await body(connection)
            }
        } catch {
            throw Self.storeError(error)
        }
    }

    /// Runs `body` in a transaction (rolled back when it throws).
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        let logger = self.logger
        return try await connection { connection in
            try await connection.query("BEGIN", logger: logger)
            do {
                let value = try await body(connection)
                try await connection.query("COMMIT", logger: logger)
                return value
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    /// Runs `query` and collects its rows.
    func rows(_ connection: PostgresConnection, _ query: PostgresQuery) async throws -> [PostgresRows.Row] {
        try await connection.query(query, logger: logger).collect().map(PostgresRows.Row.init)
    }

    /// Runs `query` and returns its first row.
    func row(_ connection: PostgresConnection, _ query: PostgresQuery) async throws -> PostgresRows.Row? {
        try await rows(connection, query).first
    }

    /// Runs `query` and decodes each row with `decode`, straight from the row (no cells).
    func rows<T>(_ connection: PostgresConnection, _ query: PostgresQuery, _ decode: (PostgresRow) throws -> T)
        async throws -> [T]
    {
        var values: [T] = []
        for try await row in try await connection.query(query, logger: logger) { values.append(try decode(row)) }
        return values
    }

    /// Runs `query` on a pooled connection and decodes each row with `decode`.
    func rows<T: Sendable>(_ query: PostgresQuery, _ decode: (PostgresRow) throws -> T) async throws(StoreError) -> [T] {
        try await connection { connection in try await self.rows(connection, query, decode) }
    }

    /// Runs `query` on a pooled connection (no explicit transaction) and collects its rows.
    func rows(_ query: PostgresQuery) async throws(StoreError) -> [PostgresRows.Row] {
        try await connection { connection in try await self.rows(connection, query) }
    }

    /// Maps errors: SQLSTATE 23505 (unique violation) is a conflict, 23503 (foreign key) a missing row.
    static func storeError(_ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let error = error as? PSQLError else {
            return StoreError(.database, "PostgreSQL error", cause: error)
        }
        guard let info = error.serverInfo, let state = info[.sqlState] else {
            var storeError = StoreError(.database, "PostgreSQL connection error")
            storeError.cause = "\(error.code)" + (error.underlying.map { ": \($0)" } ?? "")
            return storeError
        }
        let code: StoreError.Code =
            switch state {
            case "23505": .conflict
            case "23503": .notFound
            default: .database
            }
        let message =
            switch state {
            case "23505": "Resource already exists"
            case "23503": "Resource does not exist"
            default: "PostgreSQL error"
            }
        var storeError = StoreError(code, message)
        storeError.cause = "\(state) \(info[.message] ?? "")" + (info[.detail].map { " (\($0))" } ?? "")
        return storeError
    }
}
