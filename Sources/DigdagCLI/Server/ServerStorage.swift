import DigdagPostgres
import DigdagSQLite
import DigdagStorage
import Foundation
import Logging

/// Opens the database `database.type` names: `h2` (our embedded SQLite file in
/// `database.path`), `memory` (SQLite in memory) or `postgresql`.
enum ServerStorage {
    static func open(_ system: SystemConfig, logger: Logger) async throws -> any DigdagStorage {
        let type = system.string("database.type", default: "memory")
        do {
            switch type {
            case "memory":
                return try SQLiteStorage(inMemory: nil)
            case "h2", "sqlite":
                guard let path = system["database.path"] else { throw CLIError("database.path is required") }
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
                let file = URL(fileURLWithPath: path).appendingPathComponent("digdag.sqlite3").path
                logger.info("Using the embedded database \(file)")
                return try SQLiteStorage(path: file)
            case "postgresql":
                guard let host = system["database.host"], let user = system["database.user"],
                    let database = system["database.database"]
                else {
                    throw CLIError("database.host, database.user and database.database are required for postgresql")
                }
                var configuration = PostgresStorageConfiguration(
                    host: host, port: try system.int("database.port") ?? 5432, user: user,
                    password: system.string("database.password", default: ""), database: database,
                    maximumPoolSize: try system.int("database.maximumPoolSize") ?? 8,
                    ssl: system.bool("database.ssl", default: false))
                if let seconds = try system.int("database.connectionTimeout") {
                    guard seconds > 0 else { throw CLIError("database.connectionTimeout must be a positive number of seconds") }
                    configuration.connectionTimeout = Double(seconds)
                }
                logger.info(
                    "Using PostgreSQL \(user)@\(host):\(configuration.port)/\(database) with up to \(configuration.maximumPoolSize) connections (database.maximumPoolSize)")
                return try await PostgresStorage.connect(configuration, logger: logger)
            default:
                throw CLIError("Unsupported database.type: \(type) (use h2, memory or postgresql)")
            }
        } catch let error as StoreError {
            throw CLIError("Cannot open the database: \(error)")
        }
    }
}
