import DigdagTesting
import DigdagCore
import DigdagOperatorKit
import Foundation
import Testing
@testable import DigdagOperators

/// The two JDBC-style operators under test, with their server and SQL dialect differences.
enum Backend: String, CustomTestStringConvertible, Sendable, CaseIterable {
    case pg, mysql

    var testDescription: String { rawValue }

    var isAvailable: Bool {
        switch self {
        case .pg: TemporaryPostgres.isAvailable
        case .mysql: TemporaryMariaDB.isAvailable
        }
    }

    func server() throws -> TestDatabaseServer {
        switch self {
        case .pg: try TemporaryPostgres.server()
        case .mysql: try TemporaryMariaDB.server()
        }
    }

    var op: any Operator {
        switch self {
        case .pg: PgOperator()
        case .mysql: MysqlOperator()
        }
    }

    /// A direct connection for tests that need a second session.
    func connect() async throws -> any DatabaseConnection {
        let server = try server()
        let settings = DatabaseSettings(
            host: server.host, port: server.port, user: server.user, password: server.password,
            database: server.database, protocolName: rawValue)
        switch self {
        case .pg: return try await PostgresDriver().connect(settings)
        case .mysql: return try await MysqlDriver().connect(settings)
        }
    }
}

/// A unique table name for one test.
func uniqueTable(_ prefix: String) -> String {
    "\(prefix)_\(UUID().uuidString.prefix(8).lowercased())"
}

/// Renders `${name}` from the params' top-level keys (enough to see that the operator renders).
struct SimpleRenderer: TemplateRenderer {
    func render(_ text: String, params: Config, timeZone: String) throws -> String {
        var out = text
        while let range = out.range(of: #"\$\{([a-z_]+)\}"#, options: .regularExpression) {
            let key = String(out[range].dropFirst(2).dropLast())
            guard let value = params[key] else { throw ConfigError("ReferenceError: \"\(key)\" is not defined") }
            out.replaceSubrange(range, with: value.textValue)
        }
        return out
    }
}

extension TestProject {
    /// Params connecting `backend`'s test server, without the password (a secret).
    func connectionParams(_ server: TestDatabaseServer) -> Config {
        ["host": .string(server.host), "port": .int(Int64(server.port)), "user": .string(server.user),
         "database": .string(server.database)]
    }

    /// Runs the operator of `backend` with `local` options and the password secret, polling
    /// through the first `strict_transaction` execution (and lock conflicts) like the runtime does.
    func runJob(
        _ backend: Backend, command: ConfigValue?, local: Config = [:], params: Config = [:],
        secrets: [String: String]? = nil, systemConfig: [String: String] = [:], state: Config = [:],
        renderer: any TemplateRenderer = SimpleRenderer()
    ) async throws -> (TaskResult, Config) {
        let server = try backend.server()
        var merged = connectionParams(server)
        merged.deepMerge(params)
        var lastState = state
        for _ in 0..<10 {
            var context = self.context(
                type: backend.rawValue, command: command, params: merged, local: local,
                secrets: secrets ?? ["\(backend.rawValue).password": server.password])
            context.request.lastStateParams = lastState
            context.templates = renderer
            context.systemConfig = systemConfig
            do {
                return (try await backend.op.run(context), lastState)
            } catch OperatorError.poll(let seconds, let stateParams) {
                // 0 after the first execution; a lock conflict with a concurrent test backs off.
                if seconds > 0 { try await Task.sleep(for: .milliseconds(100)) }
                lastState = stateParams
            }
        }
        throw TestServerError(description: "still polling after 10 runs")
    }
}
