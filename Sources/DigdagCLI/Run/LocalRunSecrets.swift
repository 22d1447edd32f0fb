import DigdagRuntime

/// `digdag run`'s secrets: the system config key `secrets.<key>` first, then the file written
/// by `digdag secrets --local`.
struct LocalRunSecrets: SecretStore {
    let files: LocalSecretStore
    let systemConfig: [String: String]

    func secret(_ key: String) -> String? {
        systemConfig["secrets." + key] ?? files.value(for: key)
    }
}
