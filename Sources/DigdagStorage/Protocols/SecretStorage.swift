import Foundation

/// Encrypted project secrets.
public protocol SecretStorage: Sendable {
    /// Inserts or replaces a secret.
    func setSecret(projectId: Int, scope: SecretScope, key: String, secret: StoredSecret, now: Date)
        async throws(StoreError)

    /// Deletes a secret; false when it did not exist.
    func deleteSecret(projectId: Int, scope: SecretScope, key: String) async throws(StoreError) -> Bool

    /// The keys of a project's secrets in `scope`, sorted.
    func secretKeys(projectId: Int, scope: SecretScope) async throws(StoreError) -> [String]

    /// One secret, nil if missing.
    func secret(projectId: Int, scope: SecretScope, key: String) async throws(StoreError) -> StoredSecret?
}
