import Foundation

/// `digdag run`'s secrets: the system config key `secrets.<key>`, then the file
/// `<config home>/secrets/<key>` (written by `digdag secrets --local`).
public struct LocalSecretStore: SecretStore {
    /// The secrets directory, e.g. `~/.config/digdag/secrets`.
    public var directory: URL
    /// System config (`secrets.*` keys).
    public var systemConfig: [String: String]

    /// Creates a store.
    public init(directory: URL, systemConfig: [String: String]) {
        self.directory = directory
        self.systemConfig = systemConfig
    }

    /// The secrets directory for an environment: `$DIGDAG_CONFIG_HOME/secrets`, else
    /// `$XDG_CONFIG_HOME/digdag/secrets`, else `~/.config/digdag/secrets`.
    public static func defaultDirectory(environment: [String: String]) -> URL {
        if let home = environment["DIGDAG_CONFIG_HOME"], !home.isEmpty {
            return URL(fileURLWithPath: home).appendingPathComponent("secrets")
        }
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty {
            return URL(fileURLWithPath: xdg).appendingPathComponent("digdag/secrets")
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".config/digdag/secrets")
    }

    public func secret(_ key: String) -> String? {
        if let value = systemConfig["secrets." + key] { return value }
        guard !key.contains("/"), !key.hasPrefix(".") else { return nil }
        let file = directory.appendingPathComponent(key)
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
