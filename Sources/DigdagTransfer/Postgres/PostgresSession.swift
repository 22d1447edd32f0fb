import Foundation
import Dispatch
import Logging
import PostgresNIO

/// One postgres-nio connection driven from a transfer's own thread: each call blocks that
/// thread (never a cooperative one: transfers run on a dedicated thread) until the async work is done.
final class PostgresSession: @unchecked Sendable {
    let connection: PostgresConnection
    let logger: Logger
    let settings: ConnectionSettings

    private init(connection: PostgresConnection, logger: Logger, settings: ConnectionSettings) {
        self.connection = connection
        self.logger = logger
        self.settings = settings
    }

    deinit {
        let connection = self.connection
        Task { try? await connection.close() }
    }

    /// Runs async `body` and waits for it on the calling thread.
    static func blocking<T>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let box = BlockingResult<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
            done.signal()
        }
        done.wait()
        return try box.result!.get()
    }

    /// Connects; a failure names the side, the address and the server's reason.
    static func connect(_ settings: ConnectionSettings, schema: String?) throws -> PostgresSession {
        var logger = Logger(label: "digdag.transfer.postgresql")
        logger.logLevel = .critical
        var configuration = PostgresConnection.Configuration(
            host: settings.host, port: settings.port, username: settings.user, password: settings.password,
            database: settings.database, tls: .disable)
        configuration.options.connectTimeout = .seconds(Int64(settings.connectTimeout))
        configuration.options.additionalStartupParameters = [("application_name", "embulk")]
        if let schema { configuration.options.additionalStartupParameters.append(("search_path", schema)) }
        let log = logger
        let settled = configuration
        do {
            let connection = try blocking {
                try await PostgresConnection.connect(
                    on: MultiThreadedEventLoopGroup.singleton.any(), configuration: settled, id: 1, logger: log)
            }
            return PostgresSession(connection: connection, logger: logger, settings: settings)
        } catch {
            throw TransferError(.connection,
                "Cannot connect to PostgreSQL (\(settings.role): \(settings.user)@\(settings.address)): \(Self.describe(error))")
        }
    }

    /// The server's message of an error (`ERROR: relation "x" does not exist`).
    static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let info = error.serverInfo {
            return "\(info[.severity] ?? "ERROR"): \(info[.message] ?? "")" + (info[.detail].map { " (\($0))" } ?? "")
        }
        return "\(error.code)"
    }

    /// Runs statements (no rows wanted); answers nothing.
    func execute(_ sql: String) throws {
        let connection = self.connection, logger = self.logger
        do {
            try Self.blocking {
                let rows = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
                for try await _ in rows {}
            }
        } catch let error as TransferError {
            throw error
        } catch {
            let shown = sql.count > 300 ? String(sql.prefix(300)) + "..." : sql
            throw TransferError(.data, "\(Self.describe(error)) in SQL: \(shown)")
        }
    }

    /// The rows of a small query as text cells.
    func rows(_ sql: String) throws -> [[String?]] {
        let connection = self.connection, logger = self.logger
        return try Self.blocking {
            var result: [[String?]] = []
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger) {
                result.append(row.map { cell in try? cell.decode(String?.self) ?? nil })
            }
            return result
        }
    }

    /// A double-quoted identifier.
    static func quote(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// A string literal (standard_conforming_strings: only quotes are doubled).
    static func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
}

/// The result slot of `PostgresSession.blocking`, written by the task before the semaphore is signalled.
private final class BlockingResult<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}
