/// The `strict_transaction` status table in MySQL/MariaDB (beyond Digdag, which has no
/// `mysql>`): the same columns and protocol as PostgreSQL's, in MySQL's dialect. Note that
/// MySQL commits DDL implicitly, so `create_table` is not atomic with the status row.
struct MysqlStatusTable: StatusTable {
    let connection: MysqlDatabaseConnection
    let table: TableReference
    let cleanupSeconds: Int64

    private func name() throws(DatabaseError) -> String { try table.quoted(connection.quoteIdentifier) }

    func prepare() async throws(DatabaseError) {
        let name = try name()
        let sql = "CREATE TABLE IF NOT EXISTS \(name) (query_id varchar(255) NOT NULL UNIQUE, "
            + "created_at datetime(6) NOT NULL, completed_at datetime(6) NULL)"
        try await connection.run(
            sql,
            failure: "Failed to create a status table \(name).\n"
                + "hint: if you don't have permission to create tables, please try one of these options:\n"
                + "1. add 'strict_transaction: false' option to disable exactly-once transaction control "
                + "that depends on this table.\n"
                + "2. ask system administrator to create this table using the following command "
                + "and grant INSERT privilege to this user: \(sql);\n"
                + "3. ask system administrator to create a schema that this user can create a table "
                + "and set 'status_table_schema' option to it\n")
    }

    /// Starts a READ COMMITTED transaction (PostgreSQL's default level): under REPEATABLE READ,
    /// InnoDB's gap locks on a missing status row make concurrent inserts deadlock.
    func begin() async throws(DatabaseError) {
        try await connection.run(
            "SET TRANSACTION ISOLATION LEVEL READ COMMITTED; BEGIN", failure: "Failed to begin a transaction")
    }

    func rollback() async throws(DatabaseError) {
        try await connection.run("ROLLBACK", failure: "Failed to rollback a transaction")
    }

    func lockRow(_ queryId: String) async throws(DatabaseError) -> StatusRow {
        let name = try name()
        do {
            let rows = try await connection.prepared(
                "SELECT completed_at IS NOT NULL FROM \(name) WHERE query_id = ? FOR UPDATE NOWAIT", [queryId])
            guard let first = rows.first else { return .notExists }
            return first == 1 ? .lockedCompleted : .lockedNotCompleted
        } catch {
            if let error = error as? MariaDBError, Self.isLockConflict(error) {
                throw DatabaseError("Failed to acquire a status row lock", cause: error.message, kind: .lockConflict)
            }
            throw DatabaseError("Failed to lock a status row", cause: MysqlDriver.cause(error))
        }
    }

    func insertRowAndCommit(_ queryId: String) async throws(DatabaseError) {
        let name = try name()
        do {
            _ = try await connection.prepared(
                "INSERT INTO \(name) (query_id, created_at) VALUES (?, CURRENT_TIMESTAMP(6))", [queryId])
        } catch {
            guard let error = error as? MariaDBError, error.code == 1062 else {  // ER_DUP_ENTRY
                if let error = error as? MariaDBError, Self.isLockConflict(error) {
                    throw DatabaseError("Failed to acquire a status row lock", cause: error.message, kind: .lockConflict)
                }
                throw DatabaseError("Failed to insert a status row", cause: MysqlDriver.cause(error))
            }
            try await rollback()
            return
        }
        try await connection.run("COMMIT", failure: "Failed to insert a status row")
    }

    func completeRowAndCommit(_ queryId: String) async throws(DatabaseError) {
        let name = try name()
        do {
            _ = try await connection.prepared(
                "UPDATE \(name) SET completed_at = CURRENT_TIMESTAMP(6) WHERE query_id = ?", [queryId])
        } catch {
            throw DatabaseError("Failed to update status row", cause: MysqlDriver.cause(error))
        }
        try await connection.run("COMMIT", failure: "Failed to commit updated status row")
    }

    /// ER_LOCK_WAIT_TIMEOUT (MariaDB NOWAIT), ER_LOCK_DEADLOCK, ER_LOCK_NOWAIT (MySQL 8).
    private static func isLockConflict(_ error: MariaDBError) -> Bool {
        [1205, 1213, 3572].contains(error.code)
    }

    func cleanup() async throws(DatabaseError) {
        let name = try name()
        // The interval is an integer we computed, never text from the user.
        try await connection.run(
            "DELETE FROM \(name) WHERE completed_at < CURRENT_TIMESTAMP(6) - INTERVAL \(cleanupSeconds) SECOND",
            failure: "Failed to delete old query status rows from \(name) table")
    }
}
