import Foundation
import PostgresNIO

/// PostgreSQL through postgres-nio, one connection per task.
struct PostgresDriver: DatabaseDriver {
    let type = "pg"
    let protocolName = "postgresql"
    let defaultPort = 5432

    func connect(_ settings: DatabaseSettings) async throws(DatabaseError) -> any DatabaseConnection {
        var logger = Logger(label: "digdag.pg")
        logger.logLevel = .critical
        do {
            var configuration = PostgresConnection.Configuration(
                host: settings.host, port: settings.port, username: settings.user, password: settings.password,
                database: settings.database, tls: try tls(settings))
            configuration.options.connectTimeout = .seconds(settings.connectTimeoutSeconds)
            configuration.options.additionalStartupParameters = [("application_name", "digdag")]
            if let schema = settings.schema {
                configuration.options.additionalStartupParameters.append(("search_path", schema))
            }
            let connection = try await PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: 1, logger: logger)
            return PostgresDatabaseConnection(
                connection: connection, logger: logger, socketTimeoutSeconds: settings.socketTimeoutSeconds)
        } catch {
            throw DatabaseError("Failed to connect to the database", cause: Self.cause(error, settings: settings))
        }
    }

    /// `ssl: true` is TLS without certificate checks (the JDBC `NonValidatingFactory`).
    private func tls(_ settings: DatabaseSettings) throws -> PostgresConnection.Configuration.TLS {
        guard settings.ssl else { return .disable }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .none
        return .require(try NIOSSLContext(configuration: tls))
    }

    /// The driver message of `error`, in the JDBC driver's words where it has them.
    static func cause(_ error: any Error, settings: DatabaseSettings? = nil) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let info = error.serverInfo {
            var text = "\(info[.severity] ?? "ERROR"): \(info[.message] ?? "")"
            if let detail = info[.detail] { text += "\n  Detail: \(detail)" }
            if let hint = info[.hint] { text += "\n  Hint: \(hint)" }
            if let position = info[.position] { text += "\n  Position: \(position)" }
            if let location = info[.locationContext] { text += "\n  Where: \(location)" }
            return text
        }
        if error.code == .connectionError, let settings {
            return "Connection to \(settings.host):\(settings.port) refused. Check that the hostname and port are "
                + "correct and that the postmaster is accepting TCP/IP connections."
        }
        return "An I/O error occurred while sending to the backend (\(error.code))."
    }

    /// The SQLSTATE of a server error.
    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }
}
