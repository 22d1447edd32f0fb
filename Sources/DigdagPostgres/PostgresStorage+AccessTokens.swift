import DigdagStorage
import Foundation
import PostgresNIO

extension PostgresStorage {
    /// Stores a new token; `conflict` when the name is taken.
    public func createAccessToken(_ token: StoredAccessToken) async throws(StoreError) -> StoredAccessToken {
        let row = try await rows(
            """
            INSERT INTO access_tokens (site_id, name, token_hash, read_only, created_by, created_at)
            VALUES (\(StorageCoding.siteId), \(token.name), \(token.hash), \(token.readOnly), \(token.createdBy),
              \(token.createdAt.instant))
            RETURNING id
            """
        ).first
        var stored = token
        stored.id = try row?.get(0) ?? 0
        return stored
    }

    /// Every token, by id.
    public func accessTokens() async throws(StoreError) -> [StoredAccessToken] {
        try await rows(
            """
            SELECT id, name, token_hash, read_only, created_by, created_at FROM access_tokens
            WHERE site_id = \(StorageCoding.siteId) ORDER BY id
            """
        ).map { row throws(StoreError) in try Self.accessToken(row) }
    }

    /// The token whose text hashes to `hash`.
    public func accessToken(hash: String) async throws(StoreError) -> StoredAccessToken? {
        try await rows(
            "SELECT id, name, token_hash, read_only, created_by, created_at FROM access_tokens WHERE token_hash = \(hash)"
        ).first.map { row throws(StoreError) in try Self.accessToken(row) }
    }

    /// Deletes a token; the deleted record.
    public func deleteAccessToken(id: Int64) async throws(StoreError) -> StoredAccessToken? {
        try await rows(
            """
            DELETE FROM access_tokens WHERE site_id = \(StorageCoding.siteId) AND id = \(id)
            RETURNING id, name, token_hash, read_only, created_by, created_at
            """
        ).first.map { row throws(StoreError) in try Self.accessToken(row) }
    }

    private static func accessToken(_ row: PostgresRows.Row) throws(StoreError) -> StoredAccessToken {
        StoredAccessToken(
            id: try row.get(0), name: try row.get(1), hash: try row.get(2), readOnly: try row.get(3),
            createdBy: try row.get(4), createdAt: try row.date(5))
    }
}
