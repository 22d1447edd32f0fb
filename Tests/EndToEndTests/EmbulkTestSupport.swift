import DigdagTesting
import Foundation

/// A source and a target database on the shared temporary MariaDB, and `digdag embulk run`.
struct EmbulkDatabases {
    let server: TestDatabaseServer
    let source: String
    let target: String

    init() throws {
        server = try TemporaryMariaDB.server()
        let suffix = UUID().uuidString.prefix(8).lowercased()
        source = "src_\(suffix)"
        target = "dst_\(suffix)"
        _ = try server.admin("CREATE DATABASE \(source); CREATE DATABASE \(target);")
    }

    /// Runs SQL in the server and answers its tab-separated output.
    @discardableResult
    func sql(_ text: String) throws -> String { try server.admin(text) }

    /// Rows of a query as lines of tab-separated values.
    func lines(_ query: String) throws -> [String] {
        try sql(query).split(separator: "\n").map(String.init)
    }

    /// The connection keys of one side, as config lines indented by `indent`.
    func connection(_ database: String, password: String? = nil, port: Int? = nil, indent: String = "  ") -> String {
        [
            "host: \(server.host)", "port: \(port ?? server.port)", "user: \(server.user)",
            "password: \(password ?? server.password)", "database: \(database)",
        ].map { indent + $0 }.joined(separator: "\n")
    }

    /// Writes `config` to a file in `project` and runs `digdag embulk run` on it.
    func run(_ config: String, in project: RunProject, name: String = "config.yml", extra: [String] = [],
             environment: [String: String] = [:]) throws -> DigdagBinary.Result {
        try config.write(toFile: project.path + "/" + name, atomically: true, encoding: .utf8)
        return try project.run(["embulk", "run", name] + extra, environment: environment)
    }
}
