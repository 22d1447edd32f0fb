import DigdagStorage
import Foundation
import PostgresNIO

extension PostgresStorage {
    /// Applies pending migrations in one transaction, tracked in `schema_migrations(name, created_at)`;
    /// a transaction-level advisory lock makes servers that start together migrate one after another.
    public func migrate() async throws(StoreError) -> [String] {
        let logger = self.logger
        return try await transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.migrationLockKey))", logger: logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, created_at timestamptz NOT NULL)",
                logger: logger)
            let applied = Set(
                try await self.rows(connection, "SELECT name FROM schema_migrations").map { try $0.get(0, as: String.self) })
            var names: [String] = []
            for (name, statements) in PostgresSchema.migrations where !applied.contains(name) {
                for sql in statements {
                    try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO schema_migrations (name, created_at) VALUES (\(name), now())", logger: logger)
                names.append(name)
            }
            return names
        }
    }

    /// The advisory lock key held while migrating ("digdag" in ASCII).
    static let migrationLockKey: Int64 = 0x64_6967_6461_67

    /// Migration names not applied yet; nil when the current schema has no table at all.
    public func pendingMigrations() async throws(StoreError) -> [String]? {
        try await connection { connection in
            let tables = try await self.row(
                connection,
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
            )?.get(0, as: Int.self) ?? 0
            guard tables > 0 else { return nil }
            let exists = try await self.row(connection, "SELECT to_regclass('schema_migrations') IS NOT NULL")?
                .get(0, as: Bool.self) ?? false
            let applied: Set<String> =
                exists
                ? Set(try await self.rows(connection, "SELECT name FROM schema_migrations").map { try $0.get(0) })
                : []
            return PostgresSchema.migrations.map(\.0).filter { !applied.contains($0) }
        }
    }
}
