import DigdagRuntime
import DigdagServer
import Foundation
import Logging

/// Server settings from the system config (`api.*`, `executor.*`, `server.*`).
struct ServerSettingsReader {
    let system: SystemConfig

    /// The headers Digdag adds to API responses when swagger is enabled.
    static let permissiveCORSHeaders = [
        ("Access-Control-Allow-Origin", "*"),
        ("Access-Control-Allow-Headers", "origin, content-type, accept, authorization"),
        ("Access-Control-Allow-Credentials", "true"),
        ("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS, HEAD"),
        ("Access-Control-Max-Age", "1209600"),
    ]

    func settings() throws -> ServerSettings {
        var settings = ServerSettings()
        settings.maxArchiveSize = try system.int("api.max_archive_total_size_limit") ?? settings.maxArchiveSize
        settings.maxArchiveEntries = try system.int("api.max_archive_file_count") ?? settings.maxArchiveEntries
        settings.maxSessionsPageSize = try system.int("api.max_sessions_page_size") ?? settings.maxSessionsPageSize
        settings.maxAttemptsPageSize = try system.int("api.max_attempts_page_size") ?? settings.maxAttemptsPageSize
        settings.maxActiveAttempts = try system.int("executor.attempt_max_run") ?? settings.maxActiveAttempts
        settings.maxTasksPerAttempt = try system.int("executor.task_max_run") ?? settings.maxTasksPerAttempt
        let user = system["server.authenticator.basic.username"] ?? system["basicauth.username"]
        let password = system["server.authenticator.basic.password"] ?? system["basicauth.password"] ?? ""
        if let user { settings.users.append(ServerUser(name: user, password: password)) }
        settings.users += try Self.extraUsers(system)
        settings.sendsAuthenticationChallenge = system.bool("server.authenticator.basic.challenge", default: true)
        // `--enable-swagger` (`server.enable-swagger`): Digdag's permissive CORS headers, so that a
        // UI served from another origin can call the API; `server.http.headers.*` come after them.
        let cors = system.bool("server.enable-swagger", default: false) ? Self.permissiveCORSHeaders : []
        settings.extraHeaders = cors + system.entries(withPrefix: "server.http.headers.").map { ($0.key, $0.value) }
        settings.upgradeRecommendedIfOlder = system["server.client-version-check.upgrade-recommended-if-older"]
        settings.apiIncompatibleIfOlder = system["server.client-version-check.api-incompatible-if-older"]
        if let path = system["server.access-log.path"] { settings.accessLogDirectory = URL(fileURLWithPath: path) }
        return settings
    }
}

extension ServerSettingsReader {
    /// Beyond Digdag: more users, `server.authenticator.basic.users.<name>.password` and
    /// `server.authenticator.basic.users.<name>.read_only` (true: may read, not change).
    static func extraUsers(_ system: SystemConfig) throws -> [ServerUser] {
        let prefix = "server.authenticator.basic.users."
        var names: [String] = []
        for entry in system.entries(withPrefix: prefix) {
            guard let dot = entry.key.lastIndex(of: ".") else {
                throw CLIError("Invalid \(prefix)\(entry.key): use \(prefix)<name>.password or .read_only")
            }
            let name = String(entry.key[..<dot])
            if !names.contains(name) { names.append(name) }
        }
        return try names.map { name in
            guard let password = system["\(prefix)\(name).password"], !password.isEmpty else {
                throw CLIError("\(prefix)\(name).password is required for user '\(name)'")
            }
            return ServerUser(
                name: name, password: password, readOnly: system.bool("\(prefix)\(name).read_only", default: false))
        }
    }
}

/// The secret cipher from `digdag.secret-encryption-key`.
///
/// Beyond Digdag, a server on an embedded database needs no key in its config: the first start
/// generates one into `<database.path>/secret-encryption-key` (mode 0600) and later starts read
/// it; an in-memory server uses a key of its own process. PostgreSQL nodes share one database and
/// so must share the configured key: without it the secrets API says where the key belongs.
enum ServerSecrets {
    /// File name of the generated key beside the embedded database.
    static let keyFileName = "secret-encryption-key"

    static func cipher(_ system: SystemConfig, logger: Logger) throws -> (any SecretCipher)? {
        if let key = system["digdag.secret-encryption-key"], !key.isEmpty { return try cipher(base64: key) }
        switch system.string("database.type", default: "memory") {
        case "memory":
            return try cipher(base64: randomKey())
        case "postgresql":
            logger.warning(
                "digdag.secret-encryption-key is not set: the secrets API is disabled. Put the same base64 128-bit key (e.g. from `openssl rand -base64 16`) into the config file (-c) of every server.")
            return nil
        default:
            guard let directory = system["database.path"] else { return nil }
            let file = URL(fileURLWithPath: directory).appendingPathComponent(keyFileName)
            if let data = FileManager.default.contents(atPath: file.path) {
                return try cipher(base64: String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
            }
            let key = randomKey()
            try writePrivately(key + "\n", to: file)
            logger.info(
                "Generated digdag.secret-encryption-key into \(file.path) (mode 0600): keep it with the database, or set digdag.secret-encryption-key to use your own")
            return try cipher(base64: key)
        }
    }

    private static func cipher(base64 key: String) throws -> any SecretCipher {
        do {
            return try AESGCMSecretCrypto(base64Key: key)
        } catch {
            throw CLIError("Invalid digdag.secret-encryption-key: \(error)")
        }
    }

    private static func randomKey() -> String {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }).base64EncodedString()
    }

    /// Creates the file with mode 0600 (never readable by others, even for a moment); fails if it exists.
    private static func writePrivately(_ text: String, to file: URL) throws {
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let fd = open(file.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CLIError("Cannot create \(file.path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        guard write(fd, bytes, bytes.count) == bytes.count else {
            throw CLIError("Cannot write \(file.path): \(String(cString: strerror(errno)))")
        }
    }
}
