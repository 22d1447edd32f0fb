import DigdagStorage
import Foundation
import GRDB

extension SQLiteStorage {
    /// Applies pending migrations in order (GRDB's `DatabaseMigrator`, bookkeeping in
    /// `grdb_migrations`); returns the names applied.
    public func migrate() async throws(StoreError) -> [String] {
        let migrator = Self.migrator
        let writer = self.writer
        let before = try await read { db in try migrator.appliedIdentifiers(db) }
        do {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                migrator.asyncMigrate(writer) { result in
                    continuation.resume(with: result.map { _ in () })
                }
            }
        } catch {
            throw Self.storeError(error)
        }
        return migrator.migrations.filter { !before.contains($0) }
    }

    /// Migration names not applied yet; nil when the database has no table at all.
    public func pendingMigrations() async throws(StoreError) -> [String]? {
        let migrator = Self.migrator
        return try await read { db -> [String]? in
            let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table'") ?? 0
            guard tables > 0 else { return nil }
            let applied = try migrator.appliedIdentifiers(db)
            return migrator.migrations.filter { !applied.contains($0) }
        }
    }

    /// The named, ordered migrations.
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        for (name, statements) in SQLiteSchema.migrations {
            migrator.registerMigration(name) { db in
                for sql in statements { try db.execute(sql: sql) }
            }
        }
        return migrator
    }()
}
