import DigdagCore
import DigdagOperatorKit

/// Where and how to connect (Digdag's `AbstractJdbcConnectionConfig`): each option comes from
/// the secret `<type>.<key>` when it is set, otherwise from the task's params.
package struct DatabaseSettings: Sendable, CustomStringConvertible {
    package var host: String
    package var port: Int
    package var user: String
    /// From the secret `<type>.password` or `<type>.<password_override>`; never logged.
    package var password: String?
    package var database: String
    package var ssl: Bool
    /// Default schema (PostgreSQL `search_path`); unused for MySQL.
    package var schema: String?
    package var connectTimeoutSeconds: Int64
    package var socketTimeoutSeconds: Int64
    /// JDBC protocol name used in `description`, e.g. `postgresql`.
    package var protocolName: String

    /// Creates settings directly (tests).
    package init(
        host: String, port: Int, user: String, password: String?, database: String, ssl: Bool = false,
        schema: String? = nil, connectTimeoutSeconds: Int64 = 30, socketTimeoutSeconds: Int64 = 1800,
        protocolName: String
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.ssl = ssl
        self.schema = schema
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.socketTimeoutSeconds = socketTimeoutSeconds
        self.protocolName = protocolName
    }

    /// Reads the settings of operator `type` from `params` and the secrets `<type>.*`.
    package init(type: String, protocolName: String, defaultPort: Int, params: Config, secrets: any SecretProvider) throws {
        func secret(_ key: String) throws -> String? { try secrets.secret("\(type).\(key)") }
        self.protocolName = protocolName
        host = try secret("host") ?? ParamReader.requiredString(params, "host")
        if let text = try secret("port") {
            guard let value = Int(text) else { throw ConfigError("Invalid port in secret '\(type).port': \(text)") }
            port = value
        } else if let value = params["port"], !value.isNull {
            guard let number = ConfigCoercion.int(value), let value = Int(exactly: number) else {
                throw ConfigError("Expected integer for key 'port' but got \(ParamReader.sample(value))")
            }
            port = value
        } else {
            port = defaultPort
        }
        user = try secret("user") ?? ParamReader.requiredString(params, "user")
        if let overrideKey = params["password_override"], !overrideKey.isNull {
            let key = try ParamReader.string(overrideKey, key: "password_override")
            guard let value = try secret(key) else { throw SecretTemplate.secretNotFound("\(type).\(key)") }
            password = value
        } else {
            password = try secret("password")
        }
        database = try secret("database") ?? ParamReader.requiredString(params, "database")
        if let text = try secret("ssl") {
            ssl = text.lowercased() == "true"  // Boolean.parseBoolean
        } else if let value = params["ssl"], !value.isNull {
            guard let flag = ConfigCoercion.bool(value) else {
                throw ConfigError("Expected boolean for key 'ssl' but got \(ParamReader.sample(value))")
            }
            ssl = flag
        } else {
            ssl = false
        }
        connectTimeoutSeconds = try DurationText.option(
            "connect_timeout", secret: secret("connect_timeout"), params: params, defaultSeconds: 30)
        socketTimeoutSeconds = try DurationText.option(
            "socket_timeout", secret: secret("socket_timeout"), params: params, defaultSeconds: 1800)
        if let text = try secret("schema") {
            schema = text
        } else if let value = params["schema"], !value.isNull {
            schema = try ParamReader.string(value, key: "schema")
        } else {
            schema = nil
        }
    }

    /// The JDBC URL, without credentials: `jdbc:postgresql://host:5432/db`.
    package var description: String { "jdbc:\(protocolName)://\(host):\(port)/\(database)" }
}
