import DigdagCore

/// One value of a query result, as the JDBC driver would hand it to Digdag.
package enum DatabaseValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    /// An exact decimal (PostgreSQL `numeric`, MySQL `DECIMAL`) in its text form.
    case decimal(String)
    case text(String)

    /// The text Digdag's CSV writer gets (`Object.toString()`); nil for SQL NULL.
    package var csvText: String? {
        switch self {
        case .null: nil
        case .bool(let b): b ? "true" : "false"
        case .int(let i): String(i)
        case .double(let d): JSONText.javaDouble(d)
        case .decimal(let s), .text(let s): s
        }
    }

    /// The value stored in `<type>.last_results` (Jackson's serialisation).
    package var configValue: ConfigValue {
        switch self {
        case .null: .null
        case .bool(let b): .bool(b)
        case .int(let i): .int(i)
        case .double(let d): .double(d)
        case .decimal(let s):
            if let i = Int64(s) { .int(i) } else if let d = Double(s) { .double(d) } else { .string(s) }
        case .text(let s): .string(s)
        }
    }
}

/// Receives the rows of a read-only query, one at a time, on whatever thread the driver uses.
package protocol ResultSink: Sendable {
    /// Called once with the result's column labels, before any row.
    func columns(_ names: [String]) throws
    /// Called for each row; the values are in column order.
    func row(_ values: [DatabaseValue]) throws
}

/// A row of the status table, as `strict_transaction` sees it after locking it.
package enum StatusRow: Sendable, Equatable {
    case lockedCompleted
    case lockedNotCompleted
    case notExists
}

/// An open database connection with the operations the JDBC-style operators need
/// (Digdag's `JdbcConnection`). Connections run in auto-commit mode.
package protocol DatabaseConnection: Sendable {
    /// `name` quoted as an identifier (`"a""b"` for PostgreSQL, `` `a``b` `` for MySQL).
    func quoteIdentifier(_ name: String) throws(DatabaseError) -> String
    /// Runs SQL that may hold several statements and may return rows, which are skipped.
    func executeScript(_ sql: String) async throws(DatabaseError)
    /// Runs one statement that returns no rows (INSERT INTO ... / CREATE TABLE ... AS).
    func executeUpdate(_ sql: String) async throws(DatabaseError)
    /// Runs a query in a read-only transaction and streams its result to `sink`.
    /// Errors thrown by the sink are rethrown as they are.
    func executeReadOnlyQuery(_ sql: String, into sink: any ResultSink) async throws
    /// The status table helper of `strict_transaction`.
    func statusTable(_ table: TableReference, cleanupSeconds: Int64) -> any StatusTable
    /// Closes the connection; errors are ignored.
    func close() async
}

/// The database side of `strict_transaction` (Digdag's `AbstractPersistentTransactionHelper`
/// subclasses): each method is one statement or a statement plus COMMIT.
package protocol StatusTable: Sendable {
    /// Creates the status table if it does not exist.
    func prepare() async throws(DatabaseError)
    /// `BEGIN`.
    func begin() async throws(DatabaseError)
    /// `ROLLBACK`.
    func rollback() async throws(DatabaseError)
    /// Locks the row of `queryId` without waiting; throws `.lockConflict` when another
    /// session holds it.
    func lockRow(_ queryId: String) async throws(DatabaseError) -> StatusRow
    /// Inserts the row of `queryId` and commits; a unique-key conflict rolls back instead.
    func insertRowAndCommit(_ queryId: String) async throws(DatabaseError)
    /// Marks the row of `queryId` completed and commits.
    func completeRowAndCommit(_ queryId: String) async throws(DatabaseError)
    /// Deletes rows completed before the cleanup duration.
    func cleanup() async throws(DatabaseError)
}
