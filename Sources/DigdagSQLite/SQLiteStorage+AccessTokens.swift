import DigdagStorage
import Foundation
import GRDB

extension SQLiteStorage {
    private static let accessTokenColumns = "id, name, token_hash, read_only, created_by, created_at"

    /// Stores a new token; `conflict` when the name is taken.
    public func createAccessToken(_ token: StoredAccessToken) async throws(StoreError) -> StoredAccessToken {
        try await write { db in
            try db.cachedStatement(sql: """
                    INSERT INTO access_tokens (site_id, name, token_hash, read_only, created_by, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """).execute(
                arguments: [
                    StorageCoding.siteId, token.name, token.hash, token.readOnly, token.createdBy,
                    StorageCoding.millis(token.createdAt),
                ])
            var stored = token
            stored.id = db.lastInsertedRowID
            return stored
        }
    }

    /// Every token, by id.
    public func accessTokens() async throws(StoreError) -> [StoredAccessToken] {
        try await read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT \(Self.accessTokenColumns) FROM access_tokens WHERE site_id = ? ORDER BY id"),
                arguments: [StorageCoding.siteId]
            ).map(Self.accessToken)
        }
    }

    /// The token whose text hashes to `hash`.
    public func accessToken(hash: String) async throws(StoreError) -> StoredAccessToken? {
        try await read { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT \(Self.accessTokenColumns) FROM access_tokens WHERE token_hash = ?"),
                arguments: [hash]
            ).map(Self.accessToken)
        }
    }

    /// Deletes a token; the deleted record.
    public func deleteAccessToken(id: Int64) async throws(StoreError) -> StoredAccessToken? {
        try await write { db in
            try Row.fetchOne(
                db.cachedStatement(
                    sql: "DELETE FROM access_tokens WHERE site_id = ? AND id = ? RETURNING \(Self.accessTokenColumns)"),
                arguments: [StorageCoding.siteId, id]
            ).map(Self.accessToken)
        }
    }

    private static func accessToken(_ row: Row) -> StoredAccessToken {
        StoredAccessToken(
            id: row[0], name: row[1], hash: row[2], readOnly: row[3], createdBy: row[4],
            createdAt: StorageCoding.date(millis: row[5]))
    }
}
