import PostgresNIO

/// The `strict_transaction` status table in PostgreSQL, as Digdag creates and uses it.
struct PostgresStatusTable: StatusTable {
    let connection: PostgresDatabaseConnection
    let table: TableReference
    let cleanupSeconds: Int64

    private func name() throws(DatabaseError) -> String { try table.quoted(connection.quoteIdentifier) }

    func prepare() async throws(DatabaseError) {
        let name = try name()
        let sql = "CREATE TABLE IF NOT EXISTS \(name) "
            + "(query_id text NOT NULL UNIQUE, created_at timestamptz NOT NULL, completed_at timestamptz)"
        do {
            _ = try await connection.rows(PostgresQuery(unsafeSQL: sql))
            return
        } catch {
            // Two sessions creating the table at once: the loser sees a unique violation.
            if ["23505", "42P07"].contains(PostgresDriver.sqlState(error)) { return }
        }
        try await connection.execute(
            PostgresQuery(unsafeSQL: sql),
            failure: "Failed to create a status table \(name).\n"
                + "hint: if you don't have permission to create tables, please try one of these options:\n"
                + "1. add 'strict_transaction: false' option to disable exactly-once transaction control "
                + "that depends on this table.\n"
                + "2. ask system administrator to create this table using the following command "
                + "and grant INSERT privilege to this user: \(sql);\n"
                + "3. ask system administrator to create a schema that this user can create a table "
                + "and set 'status_table_schema' option to it\n")
    }

    func begin() async throws(DatabaseError) {
        try await connection.execute("BEGIN", failure: "Failed to begin a transaction")
    }

    func rollback() async throws(DatabaseError) {
        try await connection.execute("ROLLBACK", failure: "Failed to rollback a transaction")
    }

    func lockRow(_ queryId: String) async throws(DatabaseError) -> StatusRow {
        let name = try name()
        do {
            let rows = try await connection.rows(
                "SELECT completed_at IS NOT NULL FROM \(unescaped: name) WHERE query_id = \(queryId) FOR UPDATE NOWAIT")
            guard let row = rows.first else { return .notExists }
            return try row.decode(Bool.self) ? .lockedCompleted : .lockedNotCompleted
        } catch {
            if PostgresDriver.sqlState(error) == "55P03" {
                throw DatabaseError(
                    "Failed to acquire a status row lock", cause: PostgresDriver.cause(error), kind: .lockConflict)
            }
            throw DatabaseError("Failed to lock a status row", cause: PostgresDriver.cause(error))
        }
    }

    func insertRowAndCommit(_ queryId: String) async throws(DatabaseError) {
        let name = try name()
        do {
            _ = try await connection.rows(
                "INSERT INTO \(unescaped: name) (query_id, created_at) VALUES (\(queryId), CURRENT_TIMESTAMP)")
        } catch {
            guard PostgresDriver.sqlState(error) == "23505" else {
                throw DatabaseError("Failed to insert a status row", cause: PostgresDriver.cause(error))
            }
            // Another session inserted the row after our BEGIN: use theirs.
            try await rollback()
            return
        }
        try await connection.execute("COMMIT", failure: "Failed to insert a status row")
    }

    func completeRowAndCommit(_ queryId: String) async throws(DatabaseError) {
        let name = try name()
        try await connection.execute(
            "UPDATE \(unescaped: name) SET completed_at = CURRENT_TIMESTAMP WHERE query_id = \(queryId)",
            failure: "Failed to update status row")
        try await connection.execute("COMMIT", failure: "Failed to commit updated status row")
    }

    func cleanup() async throws(DatabaseError) {
        let name = try name()
        try await connection.execute(
            """
            DELETE FROM \(unescaped: name) WHERE query_id = ANY(SELECT query_id FROM \(unescaped: name) \
            WHERE completed_at < now() - \(cleanupSeconds) * interval '1 second')
            """,
            failure: "Failed to delete old query status rows from \(name) table")
    }
}
