/// A database server the tests may connect to over TCP.
public struct TestDatabaseServer: Sendable {
    /// Address to connect to.
    public var host = "127.0.0.1"
    /// TCP port.
    public var port: Int
    /// User name.
    public var user: String
    /// The user's password.
    public var password: String
    /// Database name.
    public var database: String
    /// Runs SQL as the administrator in the server's first database (`digdag`) and returns stdout
    /// (`psql -At`); `CREATE DATABASE` works from there too.
    public var admin: @Sendable (String) throws -> String

    /// Creates a description of a running server.
    public init(
        host: String = "127.0.0.1", port: Int, user: String, password: String, database: String,
        admin: @escaping @Sendable (String) throws -> String
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.admin = admin
    }
}
