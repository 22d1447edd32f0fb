import DigdagRuntime
import Foundation

/// The `--local` secret store: one file per key under `<DIGDAG_CONFIG_HOME>/secrets`,
/// holding the value's raw UTF-8 bytes (`cli:LocalSecretStoreManager.java`).
struct LocalSecretStore: Sendable {
    /// The secrets directory.
    let directory: String

    /// Creates a store over `directory`.
    init(directory: String) {
        self.directory = directory
    }

    /// Creates the store for an environment's config home.
    init(environment: [String: String]) {
        self.init(directory: ConfigPaths(environment: environment).secretsDirectory)
    }

    /// The stored keys, sorted; empty when the directory does not exist.
    func keys() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    /// The value of `key`, if stored.
    func value(for key: String) -> String? {
        guard SecretValidation.isValidKey(key),
            let data = FileManager.default.contents(atPath: path(key))
        else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Stores `value` under `key`, creating the directory if needed.
    func set(_ key: String, _ value: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let url = URL(fileURLWithPath: path(key))
        do {
            try Data(value.utf8).write(to: url)
        } catch {
            throw CLIError("\(url.path) (access denied)")
        }
    }

    /// Removes `key` if present.
    func delete(_ key: String) throws {
        let target = path(key)
        if FileManager.default.fileExists(atPath: target) {
            try FileManager.default.removeItem(atPath: target)
        }
    }

    private func path(_ key: String) -> String {
        directory.hasSuffix("/") ? directory + key : directory + "/" + key
    }
}
