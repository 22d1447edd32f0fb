import DigdagStorage
import Foundation
import GRDB

/// The embedded store: one SQLite database file (or an in-memory database) through GRDB.
///
/// A file database is a GRDB `DatabasePool` in WAL mode: one writer, concurrent readers that
/// never block it. GRDB runs a pool at `synchronous=NORMAL`: commits are atomic and survive a
/// process crash, but the last transactions before a power loss or OS crash may be lost. That
/// trade (no fsync per commit, ~2 ms saved per state change) is deliberate.
///
/// Call `migrate()` once after opening. All SQL binds its values as statement arguments.
public final class SQLiteStorage: DigdagStorage, Sendable {
    let writer: any DatabaseWriter

    /// Opens (creating if needed) the database file at `path` in WAL mode.
    public init(path: String) throws(StoreError) {
        do {
            writer = try DatabasePool(path: path, configuration: Self.configuration())
        } catch {
            throw StoreError(.database, "Cannot open SQLite database \(path)", cause: error)
        }
    }

    /// Opens a private in-memory database (`digdag server --memory`, tests); `name` shares one
    /// in-memory database between stores of this process that use the same name.
    public init(inMemory name: String? = nil) throws(StoreError) {
        do {
            writer = try DatabaseQueue(named: name, configuration: Self.configuration())
        } catch {
            throw StoreError(.database, "Cannot open in-memory SQLite database", cause: error)
        }
    }

    private static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.label = "digdag"
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // Digdag's name patterns are case-sensitive (as LIKE is in PostgreSQL).
            try db.execute(sql: "PRAGMA case_sensitive_like = ON")
        }
        return configuration
    }

    /// Closes the database connections.
    public func close() async {
        try? writer.close()
    }

    /// Runs `body` in a write transaction (rolled back when it throws).
    func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await writer.write(body)
        } catch {
            throw Self.storeError(error)
        }
    }

    /// Runs `body` on a reader connection without wrapping it in a transaction: the reads of this
    /// store are single `SELECT`s, which SQLite already runs on one snapshot (only
    /// `pendingMigrations()` runs two, and tolerates a migration in between). Skipping the
    /// `BEGIN`/`COMMIT` pair saves about a third of the cost of reading an attempt's tasks.
    func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await writer.unsafeRead(body)
        } catch {
            throw Self.storeError(error)
        }
    }

    /// Maps GRDB errors: unique violations are conflicts, foreign-key violations missing rows.
    static func storeError(_ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? DatabaseError {
            switch error.extendedResultCode {
            case .SQLITE_CONSTRAINT_UNIQUE, .SQLITE_CONSTRAINT_PRIMARYKEY:
                return StoreError(.conflict, "Resource already exists", cause: error)
            case .SQLITE_CONSTRAINT_FOREIGNKEY:
                return StoreError(.notFound, "Resource does not exist", cause: error)
            default:
                break
            }
        }
        return StoreError(.database, "SQLite database error", cause: error)
    }
}
