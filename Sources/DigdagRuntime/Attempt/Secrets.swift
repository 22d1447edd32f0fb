import DigdagCore
import DigdagOperatorKit

/// A store of secrets by dotted key (local files, system config, or a database).
public protocol SecretStore: Sendable {
    /// The secret's value, or nil.
    func secret(_ key: String) -> String?
}

/// A task's secrets: the store seen through the task's `_secrets` remounting.
struct MountedSecrets: SecretProvider {
    let store: any SecretStore
    /// `_secrets: {foo: bar}` makes `foo.x` read `bar.x`; `true` values are the old grant form.
    let mounts: Config

    func secret(_ key: String) throws -> String? {
        if key.contains("*") { throw OperatorError.config("Secret key must not include '*': \(key)") }
        return store.secret(remount(key))
    }

    private func remount(_ key: String) -> String {
        let parts = key.split(separator: ".").map(String.init)
        for length in stride(from: parts.count, through: 1, by: -1) {
            let prefix = parts.prefix(length).joined(separator: ".")
            if case .string(let target)? = mounts[prefix] {
                return ([target] + parts.dropFirst(length)).joined(separator: ".")
            }
        }
        return key
    }
}

/// Secrets from nowhere (tests, `--dry-run`).
public struct NoSecrets: SecretStore {
    /// Creates the store.
    public init() {}
    public func secret(_ key: String) -> String? { nil }
}
