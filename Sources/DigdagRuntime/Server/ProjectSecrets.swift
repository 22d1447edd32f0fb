import DigdagStorage
import Foundation
import Logging

/// A project's secrets, decrypted once when an attempt starts: user-set (`project`) keys over
/// the ones given at push (`project-default`).
struct ProjectSecrets: SecretStore {
    let values: [String: String]

    func secret(_ key: String) -> String? { values[key] }

    static func load(storage: any DigdagStorage, projectId: Int, cipher: (any SecretCipher)?, logger: Logger)
        async throws -> ProjectSecrets
    {
        guard let cipher else { return ProjectSecrets(values: [:]) }
        var values: [String: String] = [:]
        for scope in [SecretScope.projectDefault, .project] {
            for key in try await storage.secretKeys(projectId: projectId, scope: scope) {
                guard let stored = try await storage.secret(projectId: projectId, scope: scope, key: key) else { continue }
                do {
                    values[key] = try cipher.decrypt(stored.value)
                } catch {
                    logger.error("Secret '\(key)' of project id=\(projectId) cannot be decrypted: \(error)")
                }
            }
        }
        return ProjectSecrets(values: values)
    }
}
