import Foundation

/// Everything the server keeps: one database, SQLite or PostgreSQL.
public protocol DigdagStorage:
    ProjectStore, SessionStore, LogStore, SecretStorage, ScheduleStore, AccessTokenStore, TaskQueueStore
{
    /// Applies pending migrations (named, ordered); returns the names applied.
    func migrate() async throws(StoreError) -> [String]

    /// Migration names not applied yet; nil when no table exists at all.
    func pendingMigrations() async throws(StoreError) -> [String]?

    /// Closes connections.
    func close() async
}
