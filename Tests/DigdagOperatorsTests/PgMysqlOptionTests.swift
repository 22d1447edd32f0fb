import DigdagCore
import DigdagOperatorKit
import Foundation
import Testing
@testable import DigdagOperators

/// Option parsing and formatting shared by `pg>` and `mysql>`; no server needed.
struct PgMysqlOptionTests {
    @Test(arguments: [
        (["insert_into": "a", "create_table": "b"], "Can't use both of insert_into and create_table"),
        (["insert_into": "a", "download_file": "x.csv"], "Can't use download_file with insert_into or create_table"),
        (["create_table": "a", "store_last_results": "all"], "Can't use store_last_results with insert_into or create_table"),
        (["download_file": "x.csv", "store_last_results": "first"], "Can't use both download_file and store_last_results at once"),
        (["store_last_results": "some"], "last_results must be either of \"first\" or \"all\": some"),
    ] as [(Config, String)])
    func mutuallyExclusiveOptions(params: Config, message: String) {
        #expect(throws: ConfigError(message)) { try JdbcJobMode(params: params) }
    }

    @Test func modes() throws {
        #expect(try JdbcJobMode(params: [:]) == .script)
        #expect(try JdbcJobMode(params: ["create_table": "s.t"]) == .createTable(TableReference(schema: "s", name: "t")))
        #expect(try JdbcJobMode(params: ["insert_into": "t"]) == .insertInto(TableReference(name: "t")))
        #expect(try JdbcJobMode(params: ["store_last_results": true]) == .storeLastResults(.first))
        #expect(try JdbcJobMode(params: ["store_last_results": false]) == .script)
        #expect(try JdbcJobMode(params: ["store_last_results": "all"]).isReadOnly)
    }

    @Test(arguments: [
        ("30s", 30 as Int64?), ("1d 2h 3m 4s", 93_784), ("5M", 300), (" 2h ", 7200), ("10", nil), ("", nil), ("1x", nil),
    ])
    func durations(text: String, seconds: Int64?) {
        #expect(DurationText.seconds(text) == seconds)
    }

    @Test func mutualExclusionIsCheckedBeforeConnecting() async throws {
        let project = try TestProject()
        defer { project.remove() }
        let context = project.context(
            type: "pg", command: nil,
            params: ["host": "127.0.0.1", "port": 1, "user": "u", "database": "d", "query": "SELECT 1",
                     "insert_into": "a", "create_table": "b"])
        await #expect(throws: ConfigError("Can't use both of insert_into and create_table")) {
            _ = try await PgOperator().run(context)
        }
    }

    @Test func requiredConnectionParams() async throws {
        let project = try TestProject()
        defer { project.remove() }
        let context = project.context(type: "mysql", command: nil, params: ["query": "SELECT 1"])
        await #expect(throws: ConfigError("Parameter 'host' is required but not set")) {
            _ = try await MysqlOperator().run(context)
        }
    }

    @Test func settingsDescriptionHasNoPassword() throws {
        let settings = try DatabaseSettings(
            type: "pg", protocolName: "postgresql", defaultPort: 5432,
            params: ["host": "h", "user": "u", "database": "d", "connect_timeout": "1m"],
            secrets: DictionarySecrets(values: ["pg.password": "s3cret", "pg.port": "6543", "pg.ssl": "TRUE"]))
        #expect(settings.description == "jdbc:postgresql://h:6543/d")
        #expect(settings.password == "s3cret" && settings.ssl && settings.connectTimeoutSeconds == 60)
        #expect(settings.socketTimeoutSeconds == 1800)
    }

    @Test(arguments: [
        ("", "\"\""), ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("a\r\nb", "\"a\nb\""), ("a\rb", "\"a\nb\""), ("a\nb", "\"a\nb\""),
    ])
    func csvEscaping(value: String, escaped: String) {
        #expect(CSVWriter.escape(value) == escaped)
    }

    @Test func csvRowsUseCRLFAndEmptyNull() {
        var writer = CSVWriter()
        writer.addRow(["a", "b"])
        writer.addRow([nil, ""])
        #expect(writer.text == "a,b\r\n,\"\"\r\n")
    }

    @Test func hashMapOrderMatchesJava() {
        #expect(JavaHashMapOrder.hashCode("name") == 3_373_707)
        let keys = ["id", "comma", "quote", "lf", "empty", "nothing", "amount", "ratio"]
        let object = JavaHashMapOrder.object(keys.map { ($0, .null) })
        #expect(Array(object.keys) == ["comma", "amount", "quote", "nothing", "lf", "id", "empty", "ratio"])
    }

    @Test func postgresStatementSplitting() {
        #expect(PostgresStatementSplitter.split("SELECT 1; SELECT ';'; -- c;\n SELECT $$a;b$$;;/* x; /* y; */ */") ==
            ["SELECT 1", "SELECT ';'", "-- c;\n SELECT $$a;b$$"])
        #expect(PostgresStatementSplitter.split("SELECT E'\\';'; SELECT \"a;b\"") == ["SELECT E'\\';'", "SELECT \"a;b\""])
    }

    @Test func postgresTimeText() {
        #expect(PostgresTimeText.date(0) == "2000-01-01")
        #expect(PostgresTimeText.timestamp(-1) == "1999-12-31 23:59:59.999999")
        #expect(PostgresTimeText.timestamp(86_400_000_000 + 1_500_000) == "2000-01-02 00:00:01.5")
    }
}
