import Foundation

/// API tokens (beyond Digdag): created, listed and revoked through `/api/tokens`, looked up by
/// the hash of the presented token on each request.
public protocol AccessTokenStore: Sendable {
    /// Stores a new token; `conflict` when the name is taken. `token.id` is ignored.
    func createAccessToken(_ token: StoredAccessToken) async throws(StoreError) -> StoredAccessToken

    /// Every token, by id.
    func accessTokens() async throws(StoreError) -> [StoredAccessToken]

    /// The token whose text hashes to `hash`, if any.
    func accessToken(hash: String) async throws(StoreError) -> StoredAccessToken?

    /// Deletes a token; the deleted record, nil when there was none.
    func deleteAccessToken(id: Int64) async throws(StoreError) -> StoredAccessToken?
}
