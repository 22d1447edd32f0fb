import DigdagCore
import DigdagOperatorKit
import Foundation
import Testing
@testable import DigdagOperators

/// Scenarios shared by the `pg>` and `mysql>` suites, against real servers.
enum JdbcScenarios {
    /// Admin query output with `|` between columns whatever the client prints.
    static func admin(_ backend: Backend, _ sql: String) throws -> String {
        try backend.server().admin(sql).replacingOccurrences(of: "\t", with: "|")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func scriptRunsOnceUnderStrictTransaction(_ backend: Backend) async throws {
        let project = try TestProject()
        defer { project.remove() }
        let table = uniqueTable("script")
        try project.write("q.sql", "CREATE TABLE \(table) (id int); INSERT INTO \(table) VALUES (1), (2);")
        let server = try backend.server()
        var params = project.connectionParams(server)
        params["_command"] = "q.sql"
        let context = project.context(
            type: backend.rawValue, command: "q.sql", params: params,
            secrets: ["\(backend.rawValue).password": server.password])
        // First execution: only a query id, then a poll.
        var state: Config = [:]
        do {
            _ = try await backend.op.run(context)
            Issue.record("expected a poll")
        } catch OperatorError.poll(let seconds, let stateParams) {
            #expect(seconds == 0)
            state = stateParams
        }
        let queryId = try #require(state["queryId"]?.stringValue)
        #expect(UUID(uuidString: queryId) != nil && queryId == queryId.lowercased())
        let (result, _) = try await project.runJob(backend, command: "q.sql", state: state)
        #expect(result == .empty)
        #expect(try admin(backend, "SELECT count(*) FROM \(table)") == "2")
        #expect(try admin(backend, "SELECT completed_at IS NOT NULL FROM __digdag_status WHERE query_id = '\(queryId)'")
            == (backend == .pg ? "t" : "1"))
        // Same query id again (a retry after a crash): the status row says done, nothing runs.
        try project.write("q.sql", "INSERT INTO \(table) VALUES (3);")
        _ = try await project.runJob(backend, command: "q.sql", state: state)
        #expect(try admin(backend, "SELECT count(*) FROM \(table)") == "2")
        // A new query id runs again.
        _ = try await project.runJob(backend, command: "q.sql")
        #expect(try admin(backend, "SELECT count(*) FROM \(table)") == "3")
    }

    static func nonStrictRunsWithoutStatusRow(_ backend: Backend) async throws {
        let project = try TestProject()
        defer { project.remove() }
        let table = uniqueTable("nonstrict")
        _ = try await project.runJob(
            backend, command: nil,
            local: ["query": .string("CREATE TABLE \(table) (id int)"), "strict_transaction": false])
        #expect(try admin(backend, "SELECT count(*) FROM \(table)") == "0")
    }

    static func createTableAndInsertInto(_ backend: Backend) async throws {
        let project = try TestProject()
        defer { project.remove() }
        let table = uniqueTable("ct")
        for _ in 0..<2 {
            _ = try await project.runJob(
                backend, command: ["data": "SELECT 1 AS id, 'a' AS name"], local: ["create_table": .string(table)])
        }
        _ = try await project.runJob(
            backend, command: ["data": "SELECT 2, 'b'"], local: ["insert_into": .string(table)])
        #expect(try admin(backend, "SELECT id, name FROM \(table) ORDER BY id") == "1|a\n2|b")
    }

    static func downloadFileWritesDigdagCSV(_ backend: Backend) async throws {
        let project = try TestProject()
        defer { project.remove() }
        let query = """
            SELECT 1 AS id, 'a,b' AS comma, 'say "hi"' AS quote, 'x\ny' AS lf, '' AS empty, NULL AS nothing, \
            CAST(1.50 AS DECIMAL(10,2)) AS amount, 2.5e0 AS ratio UNION ALL \
            SELECT 2, 'plain', 'q', 'z', 'e', 'n', CAST(3 AS DECIMAL(10,2)), 0.25e0
            """
        try FileManager.default.createDirectory(
            at: project.path.appendingPathComponent("out"), withIntermediateDirectories: true)
        let (result, state) = try await project.runJob(
            backend, command: nil, local: ["query": .string(query), "download_file": "out/result.csv"],
            renderer: PlainRenderer())
        #expect(result == .empty)
        #expect(state.isEmpty)  // read-only: no query id, no poll
        let csv = try String(contentsOf: project.path.appendingPathComponent("out/result.csv"), encoding: .utf8)
        #expect(csv == "id,comma,quote,lf,empty,nothing,amount,ratio\r\n"
            + "1,\"a,b\",\"say \"\"hi\"\"\",\"x\ny\",\"\",,1.50,2.5\r\n"
            + "2,plain,q,z,e,n,3.00,0.25\r\n")
    }

    static func storeLastResults(_ backend: Backend) async throws {
        let project = try TestProject()
        defer { project.remove() }
        let query = "SELECT 1 AS x, 'one' AS name UNION ALL SELECT 2, 'two'"
        let (first, _) = try await project.runJob(
            backend, command: nil, local: ["query": .string(query), "store_last_results": "first"])
        #expect(first.storeParams == [backend.rawValue: ["last_results": ["x": 1, "name": "one"]]])
        let (all, _) = try await project.runJob(
            backend, command: nil, local: ["query": .string(query), "store_last_results": "all"])
        #expect(all.storeParams == [backend.rawValue: ["last_results": [["x": 1, "name": "one"], ["x": 2, "name": "two"]]]])
        let (none, _) = try await project.runJob(
            backend, command: nil,
            local: ["query": .string("SELECT 1 AS x FROM (SELECT 1 AS y) t WHERE y = 0"), "store_last_results": true])
        #expect(none.storeParams == [backend.rawValue: ["last_results": [:]]])
    }

    static func storeLastResultsLimits(_ backend: Backend) async throws {
        let project = try TestProject()
        defer { project.remove() }
        let query = "SELECT 1 AS a, 'abcd' AS b UNION ALL SELECT 2, 'x' UNION ALL SELECT 3, 'y'"
        let cases: [(String, String, String)] = [
            ("max_store_last_results_rows", "2", "The number of result rows exceeded the limit: 3 > 2"),
            ("max_store_last_results_columns", "1", "The number of result columns exceeded the limit: 2 > 1"),
            ("max_store_last_results_value_size", "3", "The size of result value exceeded the limit: 4 > 3"),
        ]
        for (index, (key, value, message)) in cases.enumerated() {
            let prefix = index == 0 ? "config.\(backend.rawValue)." : "config.jdbc."
            await #expect(throws: OperatorError.failed(message)) {
                _ = try await project.runJob(
                    backend, command: nil, local: ["query": .string(query), "store_last_results": "all"],
                    systemConfig: [prefix + key: value])
            }
        }
    }

    static func secretsTakePriority(_ backend: Backend) async throws {
        let project = try TestProject()
        defer { project.remove() }
        let server = try backend.server()
        let type = backend.rawValue
        let secrets = [
            "\(type).host": server.host, "\(type).port": "\(server.port)", "\(type).user": server.user,
            "\(type).database": server.database, "\(type).other_pw": server.password,
        ]
        let (result, _) = try await project.runJob(
            backend, command: nil,
            local: ["query": "SELECT 7 AS x", "store_last_results": "first", "password_override": "other_pw"],
            params: ["host": "nowhere.invalid", "port": 1, "user": "nobody", "database": "none"], secrets: secrets)
        #expect(result.storeParams == [type: ["last_results": ["x": 7]]])
        // `password_override` names a secret that must exist.
        await #expect(throws: OperatorError.runtime("Secret not found for key: '\(type).missing'")) {
            _ = try await project.runJob(
                backend, command: nil, local: ["query": "SELECT 1", "password_override": "missing"], secrets: secrets)
        }
    }

    static func wrongPasswordFailsWithoutLeakingIt(_ backend: Backend) async throws {
        let project = try TestProject()
        defer { project.remove() }
        let secret = "Secret-\(UUID().uuidString)"
        do {
            _ = try await project.runJob(
                backend, command: nil, local: ["query": "SELECT 1", "store_last_results": "first"],
                secrets: ["\(backend.rawValue).password": secret])
            Issue.record("expected a failure")
        } catch OperatorError.failed(let message) {
            #expect(message.hasPrefix("Failed to connect to the database ["))
            #expect(!message.contains(secret))
            #expect(!project.logger.messages.joined().contains(secret))
        }
    }

    static func sqlErrorsFail(_ backend: Backend) async throws {
        let project = try TestProject()
        defer { project.remove() }
        do {
            _ = try await project.runJob(backend, command: nil, local: ["query": "SELECT * FROM no_such_table_x"])
            Issue.record("expected a failure")
        } catch OperatorError.failed(let message) {
            #expect(message.hasPrefix("Failed to execute given SQL script ["))
            #expect(message.contains("no_such_table_x"))
        }
    }

    static func readOnlyModesRejectWrites(_ backend: Backend) async throws {
        let project = try TestProject()
        defer { project.remove() }
        let table = uniqueTable("ro")
        _ = try await project.runJob(backend, command: nil, local: ["query": .string("CREATE TABLE \(table) (id int)")])
        await #expect(throws: OperatorError.config("Query must be read-only if download_file is set")) {
            _ = try await project.runJob(
                backend, command: nil,
                local: ["query": .string("INSERT INTO \(table) VALUES (1)"), "download_file": "x.csv"])
        }
        #expect(try admin(backend, "SELECT count(*) FROM \(table)") == "0")
    }

    static func lockConflictPollsWithBackoff(_ backend: Backend) async throws {
        let project = try TestProject()
        defer { project.remove() }
        let queryId = UUID().uuidString.lowercased()
        let other = try await backend.connect()
        do {
            try await holdLockAndPoll(backend, project: project, other: other, queryId: queryId)
        } catch {
            await other.close()
            throw error
        }
        await other.close()
    }

    private static func holdLockAndPoll(
        _ backend: Backend, project: TestProject, other: any DatabaseConnection, queryId: String
    ) async throws {
        let table = other.statusTable(TableReference(name: "__digdag_status"), cleanupSeconds: 86_400)
        try await table.prepare()
        try await table.begin()
        #expect(try await table.lockRow(queryId) == .notExists)
        try await table.insertRowAndCommit(queryId)
        try await table.begin()
        #expect(try await table.lockRow(queryId) == .lockedNotCompleted)
        let server = try backend.server()
        var params = project.connectionParams(server)
        params.deepMerge(["query": "SELECT 1"])
        var context = project.context(
            type: backend.rawValue, command: nil, params: params,
            secrets: ["\(backend.rawValue).password": server.password])
        context.request.lastStateParams = ["queryId": .string(queryId), "pollInterval": 4]
        await #expect(throws: OperatorError.poll(
            afterSeconds: 4, stateParams: ["queryId": .string(queryId), "pollInterval": 8])) {
            _ = try await backend.op.run(context)
        }
        try await table.rollback()
    }

    static func statusTableSchemaAndCleanup(_ backend: Backend) async throws {
        let project = try TestProject()
        defer { project.remove() }
        let schema = uniqueTable("st")
        _ = try admin(backend, backend == .pg
            ? "CREATE SCHEMA \(schema) AUTHORIZATION digdag" : "CREATE DATABASE \(schema)")
        let (_, state) = try await project.runJob(
            backend, command: nil, local: ["query": "SELECT 1", "status_table_schema": .string(schema),
                                           "status_table": "my_status", "status_table_cleanup": "1h"])
        let id = try #require(state["queryId"]?.stringValue)
        #expect(try admin(backend, "SELECT count(*) FROM \(schema).my_status WHERE query_id = '\(id)'") == "1")
        let old = backend == .pg ? "now() - interval '2 hours'" : "NOW(6) - INTERVAL 2 HOUR"
        _ = try admin(backend, "UPDATE \(schema).my_status SET completed_at = \(old)")
        _ = try await project.runJob(
            backend, command: nil, local: ["query": "SELECT 1", "status_table_schema": .string(schema),
                                           "status_table": "my_status", "status_table_cleanup": "1h"])
        #expect(try admin(backend, "SELECT count(*) FROM \(schema).my_status WHERE query_id = '\(id)'") == "0")
        #expect(try admin(backend, "SELECT count(*) FROM \(schema).my_status") == "1")
    }

    static func queryFileIsRendered(_ backend: Backend) async throws {
        let project = try TestProject()
        defer { project.remove() }
        try project.write("sql/q.sql", "SELECT '${greeting}' AS g")
        let (result, _) = try await project.runJob(
            backend, command: "sql/q.sql", local: ["store_last_results": "first"], params: ["greeting": "hello"])
        #expect(result.storeParams == [backend.rawValue: ["last_results": ["g": "hello"]]])
        try project.write("sql/bad.sql", "SELECT '${nope}'")
        await #expect(throws: ConfigError("ReferenceError: \"nope\" is not defined in sql/bad.sql")) {
            _ = try await project.runJob(backend, command: "sql/bad.sql", local: ["store_last_results": "first"])
        }
    }

    static func nestedParamsAreDefaults(_ backend: Backend) async throws {
        let project = try TestProject()
        defer { project.remove() }
        let server = try backend.server()
        var context = project.context(
            type: backend.rawValue, command: nil,
            params: [backend.rawValue: .object(project.connectionParams(server)), "query": "SELECT 3 AS n",
                     "store_last_results": "first"],
            secrets: ["\(backend.rawValue).password": server.password])
        context.templates = PlainRenderer()
        let result = try await backend.op.run(context)
        #expect(result.storeParams == [backend.rawValue: ["last_results": ["n": 3]]])
    }
}
