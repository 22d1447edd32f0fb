import DigdagTesting
import DigdagOperatorKit
import Foundation
import Testing

/// `pg>` against a temporary PostgreSQL cluster (skipped when the PostgreSQL binaries are absent).
@Suite(.enabled(if: TemporaryPostgres.isAvailable, "PostgreSQL binaries (initdb, pg_ctl, psql) not found: pg> tests skipped"))
struct PgOperatorTests {
    @Test func scriptRunsOnceUnderStrictTransaction() async throws { try await JdbcScenarios.scriptRunsOnceUnderStrictTransaction(.pg) }
    @Test func nonStrictRunsWithoutStatusRow() async throws { try await JdbcScenarios.nonStrictRunsWithoutStatusRow(.pg) }
    @Test func createTableAndInsertInto() async throws { try await JdbcScenarios.createTableAndInsertInto(.pg) }
    @Test func downloadFileWritesDigdagCSV() async throws { try await JdbcScenarios.downloadFileWritesDigdagCSV(.pg) }
    @Test func storeLastResults() async throws { try await JdbcScenarios.storeLastResults(.pg) }
    @Test func storeLastResultsLimits() async throws { try await JdbcScenarios.storeLastResultsLimits(.pg) }
    @Test func secretsTakePriority() async throws { try await JdbcScenarios.secretsTakePriority(.pg) }
    @Test func wrongPasswordFailsWithoutLeakingIt() async throws { try await JdbcScenarios.wrongPasswordFailsWithoutLeakingIt(.pg) }
    @Test func sqlErrorsFail() async throws { try await JdbcScenarios.sqlErrorsFail(.pg) }
    @Test func readOnlyModesRejectWrites() async throws { try await JdbcScenarios.readOnlyModesRejectWrites(.pg) }
    @Test func lockConflictPollsWithBackoff() async throws { try await JdbcScenarios.lockConflictPollsWithBackoff(.pg) }
    @Test func statusTableSchemaAndCleanup() async throws { try await JdbcScenarios.statusTableSchemaAndCleanup(.pg) }
    @Test func queryFileIsRendered() async throws { try await JdbcScenarios.queryFileIsRendered(.pg) }
    @Test func nestedParamsAreDefaults() async throws { try await JdbcScenarios.nestedParamsAreDefaults(.pg) }

    @Test func serverErrorTextIsTheJDBCDriverShape() async throws {
        let project = try TestProject()
        defer { project.remove() }
        await #expect(throws: OperatorError.failed(
            "Failed to execute given SQL script [ERROR: relation \"no_such_table_y\" does not exist\n  Position: 15]")) {
            _ = try await project.runJob(.pg, command: nil, local: ["query": "SELECT * FROM no_such_table_y"])
        }
    }

    @Test func valuesOfCommonTypes() async throws {
        let project = try TestProject()
        defer { project.remove() }
        let query = """
            SELECT true AS b, 2::int2 AS s, 3000000000::int8 AS l, 1.5::float4 AS f, 12.340::numeric AS n, \
            DATE '2024-02-29' AS d, TIMESTAMP '2024-01-02 03:04:05.5' AS ts, \
            '6ba7b810-9dad-11d1-80b4-00c04fd430c8'::uuid AS u, '{"a": 1}'::jsonb AS j
            """
        try FileManager.default.createDirectory(at: project.path, withIntermediateDirectories: true)
        _ = try await project.runJob(.pg, command: nil, local: ["query": .string(query), "download_file": "t.csv"],
                                     renderer: PlainRenderer())
        let csv = try String(contentsOf: project.path.appendingPathComponent("t.csv"), encoding: .utf8)
        #expect(csv == "b,s,l,f,n,d,ts,u,j\r\n"
            + "true,2,3000000000,1.5,12.340,2024-02-29,2024-01-02 03:04:05.5,6ba7b810-9dad-11d1-80b4-00c04fd430c8,\"{\"\"a\"\": 1}\"\r\n")
    }

    @Test func connectionRefusedMessage() async throws {
        let project = try TestProject()
        defer { project.remove() }
        let port = try TestCommand.freePort()
        await #expect(throws: OperatorError.failed(
            "Failed to connect to the database [Connection to 127.0.0.1:\(port) refused. Check that the hostname and port "
                + "are correct and that the postmaster is accepting TCP/IP connections.]")) {
            _ = try await project.runJob(
                .pg, command: nil, local: ["query": "SELECT 1", "store_last_results": "first"],
                params: ["port": .int(Int64(port))])
        }
    }
}
