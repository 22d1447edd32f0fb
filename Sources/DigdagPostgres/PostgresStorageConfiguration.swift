/// Where and how `PostgresStorage` connects (Digdag's `database.*` keys).
public struct PostgresStorageConfiguration: Sendable, Equatable {
    /// Server host name or address (`database.host`).
    public var host: String
    /// Server port (`database.port`).
    public var port: Int
    /// User name (`database.user`).
    public var user: String
    /// Password (`database.password`, "" by default).
    public var password: String
    /// Database name (`database.database`).
    public var database: String
    /// Most connections the pool opens (`database.maximumPoolSize`).
    public var maximumPoolSize: Int
    /// Use TLS (`database.ssl`). Like Digdag's default `NonValidatingFactory`, the server
    /// certificate is not verified unless `sslVerifiesCertificate` is set.
    public var ssl: Bool
    /// Verify the server certificate and host name when `ssl` is on.
    public var sslVerifiesCertificate: Bool
    /// Seconds without an answer after which a server that shuts down stops waiting for the
    /// database (`database.connectionTimeout`, Digdag's default 30).
    public var connectionTimeout: Double = 30

    /// Creates a configuration.
    public init(
        host: String, port: Int = 5432, user: String, password: String = "", database: String,
        maximumPoolSize: Int = 16, ssl: Bool = false, sslVerifiesCertificate: Bool = false
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.maximumPoolSize = maximumPoolSize
        self.ssl = ssl
        self.sslVerifiesCertificate = sslVerifiesCertificate
    }
}
