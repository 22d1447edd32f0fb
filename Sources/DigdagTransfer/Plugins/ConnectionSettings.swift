/// Where and how to connect to a database (the keys Embulk's mysql and postgresql plugins share).
struct ConnectionSettings: Sendable {
    var host: String
    var port: Int
    var user: String
    var password: String
    var database: String
    var connectTimeout: Int
    var socketTimeout: Int
    var ssl: Bool
    /// `in` or `out`, for messages.
    var role: String

    init(_ config: PluginConfig, role: String) throws {
        host = try config.string("host", default: "localhost")
        port = try config.int("port", default: 3306)
        user = try config.string("user")
        password = try config.string("password", default: "")
        database = try config.string("database")
        connectTimeout = try config.int("connect_timeout", default: 300)
        socketTimeout = try config.int("socket_timeout", default: 1800)
        switch config["ssl"] {
        case .bool(let on)?: ssl = on
        case .string(let mode)?: ssl = mode == "enable" || mode == "verify" || mode == "true"
        default: ssl = false
        }
        self.role = role
    }

    /// `host:port/database`, for log lines and errors.
    var address: String { "\(host):\(port)/\(database)" }
}
