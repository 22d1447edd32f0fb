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

    /// For a server shutting down: when the database has not answered for its connection
    /// timeout, closes the connections so that calls waiting for one fail; true when it did.
    /// Embedded databases always answer.
    func giveUpIfUnreachable() async -> Bool

    /// Stores `logs` and the attempts' changes together (`saveTaskBatch`); on PostgreSQL in one
    /// statement and one commit, so that a task's last log piece costs no commit of its own. Log
    /// files are stored whatever the leases (a fenced node's output is kept for the record).
    func saveTaskBatch(_ saves: [TaskSave], logs: [(file: StoredLogFile, data: Data)]) async throws(StoreError)
        -> Set<Int64>
}

extension DigdagStorage {
    /// Embedded databases always answer.
    public func giveUpIfUnreachable() async -> Bool { false }

    /// The log files, then the attempts' changes (embedded databases, whose commits are cheap).
    public func saveTaskBatch(_ saves: [TaskSave], logs: [(file: StoredLogFile, data: Data)]) async throws(StoreError)
        -> Set<Int64>
    {
        try await putLogFiles(logs)
        return try await saveTaskBatch(saves)
    }
}
