import DigdagCore
import DigdagOperatorKit

/// Where and how `mail>` connects: Digdag's `SmtpConfig`.
///
/// Either the user's settings (secrets `mail.*` first, then params) or the system's
/// `config.mail.*` settings are used, never a mix, so that system credentials cannot be sent
/// to a host chosen by a workflow.
struct SMTPSettings: Sendable, Equatable {
    var host: String
    var port: Int
    /// STARTTLS when the server offers it.
    var startTLS: Bool
    /// Implicit TLS from the first byte (SMTPS).
    var ssl: Bool
    /// Logs the SMTP conversation (without credentials or message content).
    var debug: Bool
    var username: String?
    /// Never logged, never part of an error message.
    var password: String?

    /// The settings for a task, or `OperatorError.failed("Missing SMTP configuration")`.
    /// Logs Digdag's warning when the deprecated `password` param is present.
    static func resolve(
        secrets: any SecretProvider, params: Config, systemConfig: [String: String], logger: any TaskLogger
    ) throws -> SMTPSettings {
        if let user = try user(secrets: secrets, params: params, logger: logger) { return user }
        if let system = try system(systemConfig) { return system }
        throw OperatorError.failed("Missing SMTP configuration")
    }

    /// The user's settings: secrets `mail.host`, ... over params `host`, ...; nil without a host.
    static func user(secrets: any SecretProvider, params: Config, logger: any TaskLogger) throws -> SMTPSettings? {
        func secret(_ key: String) throws -> String? { try secrets.secret("mail." + key) }
        guard let host = try secret("host") ?? MailParams.optionalString(params, "host") else { return nil }
        if params["password"].map({ !$0.isNull }) == true {
            logger.log(.warn, "Unsecure 'password' parameter is deprecated.")
        }
        let port: Int
        if let text = try secret("port") {
            guard let number = Int(text), (0...65535).contains(number) else {
                throw OperatorError.runtime("For input string: \"\(text)\"")
            }
            port = number
        } else {
            port = try MailParams.requiredInt(params, "port")
        }
        return SMTPSettings(
            host: host, port: port,
            startTLS: try secret("tls").map(javaBoolean) ?? MailParams.bool(params, "tls", default: true),
            ssl: try secret("ssl").map(javaBoolean) ?? MailParams.bool(params, "ssl", default: false),
            debug: try MailParams.bool(params, "debug", default: false),
            username: try secret("username") ?? MailParams.optionalString(params, "username"),
            password: try secret("password"))
    }

    /// The system settings `config.mail.*`; nil without `config.mail.host`.
    static func system(_ systemConfig: [String: String]) throws -> SMTPSettings? {
        guard let host = systemConfig["config.mail.host"] else { return nil }
        var config: Config = [:]
        for (key, value) in systemConfig where key.hasPrefix("config.mail.") { config[key] = .string(value) }
        return SMTPSettings(
            host: host, port: try MailParams.requiredInt(config, "config.mail.port"),
            startTLS: try MailParams.bool(config, "config.mail.tls", default: true),
            ssl: try MailParams.bool(config, "config.mail.ssl", default: false),
            debug: try MailParams.bool(config, "config.mail.debug", default: false),
            username: systemConfig["config.mail.username"], password: systemConfig["config.mail.password"])
    }

    /// Java's `Boolean.parseBoolean`: true only for "true", ignoring case.
    static func javaBoolean(_ text: String) -> Bool { text.lowercased() == "true" }
}

extension SMTPSettings: CustomStringConvertible {
    /// A description without the password.
    var description: String {
        "SMTPSettings(host: \(host), port: \(port), startTLS: \(startTLS), ssl: \(ssl), username: \(username ?? "-"))"
    }
}
