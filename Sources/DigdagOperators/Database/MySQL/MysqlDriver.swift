/// MySQL and MariaDB through libmariadb (Connector/C), one connection per task.
struct MysqlDriver: DatabaseDriver {
    let type = "mysql"
    let protocolName = "mysql"
    let defaultPort = 3306

    func connect(_ settings: DatabaseSettings) async throws(DatabaseError) -> any DatabaseConnection {
        do {
            return MysqlDatabaseConnection(session: try await MariaDBSession.connect(settings))
        } catch {
            throw DatabaseError("Failed to connect to the database", cause: Self.cause(error))
        }
    }

    /// The driver's message of `error`.
    static func cause(_ error: any Error) -> String {
        (error as? MariaDBError)?.message ?? "\(error)"
    }
}

/// A MySQL session in auto-commit mode.
struct MysqlDatabaseConnection: DatabaseConnection {
    let session: MariaDBSession

    func quoteIdentifier(_ name: String) throws(DatabaseError) -> String {
        "`" + name.replacingOccurrences(of: "`", with: "``") + "`"
    }

    func executeScript(_ sql: String) async throws(DatabaseError) {
        try await run(sql, failure: "Failed to execute given SQL script")
    }

    func executeUpdate(_ sql: String) async throws(DatabaseError) {
        try await run(sql, failure: "Failed to execute an update statement")
    }

    func executeReadOnlyQuery(_ sql: String, into sink: any ResultSink) async throws {
        let failure = "Failed to execute given SELECT statement"
        try await run("START TRANSACTION READ ONLY", failure: failure)
        do {
            try await session.withHandle { try MariaDBCalls.run($0, sql, sink: sink) }
            try await run("COMMIT", failure: failure)
        } catch {
            try? await run("ROLLBACK", failure: failure)
            if let error = error as? MariaDBError {
                // ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION
                let kind: DatabaseError.Kind = error.code == 1792 || error.sqlState == "25006" ? .notReadOnly : .failure
                throw DatabaseError(failure, cause: error.message, kind: kind)
            }
            throw error
        }
    }

    func statusTable(_ table: TableReference, cleanupSeconds: Int64) -> any StatusTable {
        MysqlStatusTable(connection: self, table: table, cleanupSeconds: cleanupSeconds)
    }

    func close() async {
        await session.close()
    }

    /// Runs SQL text (several statements allowed), dropping any rows.
    func run(_ sql: String, failure: String) async throws(DatabaseError) {
        do {
            try await session.withHandle { try MariaDBCalls.run($0, sql, sink: nil) }
        } catch {
            throw DatabaseError(failure, cause: MysqlDriver.cause(error))
        }
    }

    /// Runs one statement with bound string parameters; see `MariaDBCalls.prepared`.
    func prepared(_ sql: String, _ params: [String]) async throws -> [Int64?] {
        try await session.withHandle { try MariaDBCalls.prepared($0, sql, params) }
    }
}
