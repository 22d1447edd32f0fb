import Foundation
import PostgresNIO

/// A PostgreSQL session in auto-commit mode. Text with several statements is split and the
/// statements are sent one by one, as the JDBC driver does.
struct PostgresDatabaseConnection: DatabaseConnection {
    let connection: PostgresConnection
    let logger: Logger
    let socketTimeoutSeconds: Int64

    func quoteIdentifier(_ name: String) throws(DatabaseError) -> String {
        guard !name.unicodeScalars.contains("\0") else {
            throw DatabaseError("Invalid identifier name", cause: "Zero bytes may not occur in identifiers.")
        }
        return "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    func executeScript(_ sql: String) async throws(DatabaseError) {
        try await run(PostgresStatementSplitter.split(sql), failure: "Failed to execute given SQL script")
    }

    func executeUpdate(_ sql: String) async throws(DatabaseError) {
        try await run(PostgresStatementSplitter.split(sql), failure: "Failed to execute an update statement")
    }

    func executeReadOnlyQuery(_ sql: String, into sink: any ResultSink) async throws {
        let failure = "Failed to execute given SELECT statement"
        try await execute("START TRANSACTION READ ONLY", failure: failure)
        do {
            let statements = PostgresStatementSplitter.split(sql)
            for (index, statement) in statements.enumerated() {
                let rows = try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                guard index == statements.count - 1 else {
                    for try await _ in rows {}
                    continue
                }
                try sink.columns(rows.columns.map(\.name))
                for try await row in rows {
                    try sink.row(row.map(PostgresValueDecoder.value))
                }
            }
            try await execute("COMMIT", failure: failure)
        } catch {
            try? await execute("ROLLBACK", failure: failure)
            if error is PSQLError {
                let kind: DatabaseError.Kind = PostgresDriver.sqlState(error) == "25006" ? .notReadOnly : .failure
                throw DatabaseError(failure, cause: PostgresDriver.cause(error), kind: kind)
            }
            throw error
        }
    }

    func statusTable(_ table: TableReference, cleanupSeconds: Int64) -> any StatusTable {
        PostgresStatusTable(connection: self, table: table, cleanupSeconds: cleanupSeconds)
    }

    func close() async {
        try? await connection.close()
    }

    /// Runs each statement, draining any rows.
    func run(_ statements: [String], failure: String) async throws(DatabaseError) {
        for statement in statements {
            try await execute(PostgresQuery(unsafeSQL: statement), failure: failure)
        }
    }

    /// Runs one query, draining its rows; a server error becomes `DatabaseError(failure, ...)`.
    func execute(_ query: PostgresQuery, failure: String) async throws(DatabaseError) {
        do {
            try await withSocketTimeout {
                let rows = try await connection.query(query, logger: logger)
                for try await _ in rows {}
            }
        } catch {
            throw DatabaseError(failure, cause: PostgresDriver.cause(error))
        }
    }

    /// Runs `body`; after `socket_timeout` seconds the connection is closed, which fails it
    /// (the JDBC driver's socket timeout, applied to a whole statement here).
    private func withSocketTimeout(_ body: @escaping @Sendable () async throws -> Void) async throws {
        let connection = self.connection
        let seconds = socketTimeoutSeconds
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await body()
                return true
            }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                try? await connection.close()
                return false
            }
            defer { group.cancelAll() }
            guard let finished = try await group.next(), finished else {
                throw SocketTimeout(seconds: seconds)
            }
        }
    }

    /// The rows of one query (small results: the status table).
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        var result: [PostgresRow] = []
        for try await row in try await connection.query(query, logger: logger) { result.append(row) }
        return result
    }
}

/// A statement outlived `socket_timeout`.
struct SocketTimeout: Error, CustomStringConvertible {
    var seconds: Int64
    var description: String { "Read timed out after \(seconds) seconds" }
}
