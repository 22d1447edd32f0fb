import DigdagTesting
import Foundation
import Testing

/// `pg>` and `mysql>` through `digdag run` against temporary servers.
@Suite("digdag run: database operators")
struct DatabaseRunTests {
    /// Task output lines only (no log lines).
    func outputs(_ result: DigdagBinary.Result) -> [String] {
        result.normalizedLines.filter { !$0.hasPrefix("TIME ") }
    }

    func runWorkflow(type: String, server: TestDatabaseServer) throws -> DigdagBinary.Result {
        let table = "e2e_\(type)_\(UUID().uuidString.prefix(8).lowercased())"
        let project = try RunProject([
            "wf.dig": """
                timezone: UTC
                _export:
                  \(type):
                    host: \(server.host)
                    port: \(server.port)
                    user: \(server.user)
                    database: \(server.database)
                  greeting: hello
                +create:
                  \(type)>: queries/create.sql
                  create_table: \(table)
                +select:
                  \(type)>: queries/select.sql
                  store_last_results: first
                +show:
                  echo>: ${\(type).last_results.x} ${\(type).last_results.word}
                """,
            "queries/create.sql": "SELECT 41 + 1 AS x, '${greeting}' AS word",
            "queries/select.sql": "SELECT x, word FROM \(table)",
            ".config-home/secrets/\(type).password": server.password,
        ])
        return try project.run(["run", "wf.dig", "--session", "2024-01-01"])
    }

    @Test(.enabled(if: TemporaryPostgres.isAvailable, "PostgreSQL binaries not found: pg> run skipped"))
    func pgStoresLastResultsForLaterTasks() throws {
        let result = try runWorkflow(type: "pg", server: try TemporaryPostgres.server())
        #expect(result.status == 0, "\(result.stderr)")
        #expect(outputs(result) == ["42 hello"])
        #expect(!result.stdout.contains("digdag-pw") && !result.stderr.contains("digdag-pw"))
    }

    @Test(.enabled(if: TemporaryMariaDB.isAvailable, "MariaDB programs not found: mysql> run skipped"))
    func mysqlStoresLastResultsForLaterTasks() throws {
        let result = try runWorkflow(type: "mysql", server: try TemporaryMariaDB.server())
        #expect(result.status == 0, "\(result.stderr)")
        #expect(outputs(result) == ["42 hello"])
    }

    @Test(.enabled(if: TemporaryPostgres.isAvailable, "PostgreSQL binaries not found: pg> run skipped"))
    func pgErrorFailsTheTask() throws {
        let server = try TemporaryPostgres.server()
        let project = try RunProject([
            "wf.dig": """
                +bad:
                  pg>:
                  query: SELECT * FROM no_such_table_e2e
                  host: \(server.host)
                  port: \(server.port)
                  user: \(server.user)
                  database: \(server.database)
                """,
            ".config-home/secrets/pg.password": server.password,
        ])
        let result = try project.run(["run", "wf.dig", "--session", "2024-01-01"])
        #expect(result.status != 0)
        #expect(result.stdout.contains(
            "Failed to execute given SQL script [ERROR: relation \"no_such_table_e2e\" does not exist\n  Position: 15]"))
    }
}
