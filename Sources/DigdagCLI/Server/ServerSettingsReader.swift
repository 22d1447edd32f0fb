import DigdagRuntime
import DigdagServer
import Foundation

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
        settings.maxSessionsPageSize = try system.int("api.max_sessions_page_size") ?? settings.maxSessionsPageSize
        settings.maxAttemptsPageSize = try system.int("api.max_attempts_page_size") ?? settings.maxAttemptsPageSize
        settings.maxActiveAttempts = try system.int("executor.attempt_max_run") ?? settings.maxActiveAttempts
        settings.maxTasksPerAttempt = try system.int("executor.task_max_run") ?? settings.maxTasksPerAttempt
        let user = system["server.authenticator.basic.username"] ?? system["basicauth.username"]
        let password = system["server.authenticator.basic.password"] ?? system["basicauth.password"] ?? ""
        if let user { settings.basicAuth = (user, password) }
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

/// The secret cipher from `digdag.secret-encryption-key`.
enum ServerSecrets {
    static func cipher(_ system: SystemConfig) throws -> (any SecretCipher)? {
        guard let key = system["digdag.secret-encryption-key"], !key.isEmpty else { return nil }
        do {
            return try AESGCMSecretCrypto(base64Key: key)
        } catch {
            throw CLIError("Invalid digdag.secret-encryption-key: \(error)")
        }
    }
}
