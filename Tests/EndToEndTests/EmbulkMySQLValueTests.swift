import DigdagTesting
import Foundation
import Testing

/// MySQL -> MySQL values through `LOAD DATA LOCAL INFILE` (the default write path): text that
/// stresses the escaping, every type and time zones, each compared byte for byte with the source
/// or with the batched-INSERT path (`load_data_local: false`). Serialized: one test turns the
/// shared server's `local_infile` off for a moment, and another checks that LOAD DATA was used.
/// (Other suites running meanwhile get the INSERT path, whose results are the same.)
@Suite("embulk run: mysql values through LOAD DATA", .serialized,
    .enabled(if: TemporaryMariaDB.isAvailable, "MariaDB programs not found"))
struct EmbulkMySQLValueTests {
    /// Texts built with CHAR() so that no escaping of ours is involved in writing them.
    static let texts = [
        "CONCAT('tab', CHAR(9), 'here')", "CONCAT('line', CHAR(10), 'break', CHAR(13), CHAR(10), 'win')",
        "CONCAT('C:', CHAR(92), 'path', CHAR(92))", "CONCAT(CHAR(92), 'N')", "'N'", "'NULL'", "''", "NULL",
        "'日本語 🍣 Ünïcödé'", "CONCAT('a', CHAR(0), 'b', CHAR(26), 'c', CHAR(1), CHAR(127))",
        "CONCAT('it', CHAR(39), 's ', CHAR(34), 'quoted', CHAR(34))", "CHAR(92)", "CHAR(9)",
        "' padded '", "CONCAT(CHAR(92), CHAR(92), 'N', CHAR(92), 't')",
    ]

    func run(_ db: EmbulkDatabases, table: String, into target: String, mode: String, extraIn: String = "",
             extraOut: String = "") throws -> DigdagBinary.Result {
        let config = """
            in:
              type: mysql
            \(db.connection(db.source))
              table: \(table)
            \(extraIn)
            out:
              type: mysql
            \(db.connection(db.target))
              table: \(target)
              mode: \(mode)
            \(extraOut)
            """
        return try db.run(config, in: try RunProject([:]))
    }

    @Test(arguments: ["insert_direct", "insert", "truncate_insert", "replace", "merge", "merge_direct", "replace with INSERTs"])
    func textsArriveByteForByte(_ mode: String) throws {
        let db = try EmbulkDatabases()
        let rows = Self.texts.enumerated().map { "(\($0.offset + 1), \($0.element), \($0.element))" }
        try db.sql("""
            SET NAMES utf8mb4;
            CREATE TABLE \(db.source).texts (id INT PRIMARY KEY, s VARCHAR(100) CHARACTER SET utf8mb4, t TEXT CHARACTER SET utf8mb4);
            INSERT INTO \(db.source).texts VALUES \(rows.joined(separator: ", "));
            CREATE TABLE \(db.target).texts LIKE \(db.source).texts;
            """)
        let withInserts = mode.hasSuffix("with INSERTs")
        let result = try run(db, table: "texts", into: "texts", mode: withInserts ? "replace" : mode,
            extraOut: "  merge_keys: [id]" + (withInserts ? "\n  load_data_local: false" : ""))
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let query = "SELECT id, HEX(s), HEX(t), s IS NULL, t IS NULL FROM %@.texts ORDER BY id"
        let expected = try db.lines(query.replacingOccurrences(of: "%@", with: db.source))
        #expect(expected.count == Self.texts.count)
        #expect(try db.lines(query.replacingOccurrences(of: "%@", with: db.target)) == expected)
        let loads = result.stdout.contains("Writing rows with LOAD DATA LOCAL INFILE")
        #expect(loads == !(withInserts || mode == "merge_direct"))
    }

    @Test func typesAndTimeZonesMatchTheInsertPath() throws {
        let db = try EmbulkDatabases()
        try db.sql("""
            CREATE TABLE \(db.source).typed (id INT PRIMARY KEY, dt DATETIME(6), ts TIMESTAMP(3) NULL, d DATE, tm TIME,
              dec1 DECIMAL(12,3), f FLOAT, dbl DOUBLE, bi BIGINT, flag BIT(1), tiny TINYINT(1), yr YEAR, js JSON,
              label VARCHAR(10));
            INSERT INTO \(db.source).typed VALUES
              (1, '2024-03-10 01:59:59.123456', '2024-03-10 10:00:00.5', '2024-02-29', '23:59:58', 12345.678, 1.25,
               0.1, 9007199254740993, b'1', 1, 2024, '{"a": [1, "x\\\\ty"]}', 'one'),
              (2, '1970-01-01 00:00:00', '2038-01-19 03:14:07', '1000-01-01', '00:00:00', -0.001, -3.5e-10, 1e300,
               -9223372036854775808, b'0', 0, 1901, 'null', ''),
              (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
            CREATE TABLE \(db.target).via_load LIKE \(db.source).typed;
            CREATE TABLE \(db.target).via_insert LIKE \(db.source).typed;
            """)
        let zones = (in: "  default_timezone: Asia/Tokyo", out: "  default_timezone: America/Los_Angeles")
        for (table, extra) in [("via_load", ""), ("via_insert", "\n  load_data_local: false"),
                               ("new_load", ""), ("new_insert", "\n  load_data_local: false")] {
            let result = try run(db, table: "typed", into: table, mode: "insert", extraIn: zones.in, extraOut: zones.out + extra)
            #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        }
        let viaLoad = try db.lines("SELECT *, HEX(flag) FROM \(db.target).via_load ORDER BY id")
        #expect(viaLoad.count == 3)
        #expect(viaLoad == (try db.lines("SELECT *, HEX(flag) FROM \(db.target).via_insert ORDER BY id")))
        #expect(try db.lines("SELECT * FROM \(db.target).new_load ORDER BY id")
            == (try db.lines("SELECT * FROM \(db.target).new_insert ORDER BY id")))
        // Tokyo wall time read, Los Angeles wall time written.
        #expect(try db.lines("SELECT dt, d, tm, dec1, bi, HEX(flag), yr FROM \(db.target).via_load WHERE id = 1")
            == ["2024-03-09 08:59:59.123456\t2024-02-28\t06:59:58\t12345.678\t9007199254740993\t1\t2024"])
    }

    @Test(arguments: ["insert_direct", "insert"])
    func duplicateKeysFailAndLeaveTheTargetUnchanged(_ mode: String) throws {
        let db = try EmbulkDatabases()
        try db.sql("""
            CREATE TABLE \(db.source).items (id INT, name VARCHAR(10));
            INSERT INTO \(db.source).items VALUES (1, 'a'), (2, 'b'), (2, 'c');
            CREATE TABLE \(db.target).items (id INT PRIMARY KEY, name VARCHAR(10));
            INSERT INTO \(db.target).items VALUES (9, 'old');
            """)
        let result = try run(db, table: "items", into: "items", mode: mode)
        #expect(result.status != 0)
        #expect(result.stderr.contains("Duplicate entry '2'"), "\(result.stderr)")
        #expect(try db.lines("SELECT id, name FROM \(db.target).items") == ["9\told"])
        #expect(try db.lines("SHOW TABLES FROM \(db.target)") == ["items"])
    }

    @Test(arguments: ["insert_direct", "replace", "insert", "truncate_insert"])
    func anInputFailureAfterManyChunksRollsTheLoadBack(_ mode: String) throws {
        let db = try EmbulkDatabases()
        try db.sql("CREATE TABLE \(db.target).lines (id BIGINT PRIMARY KEY, note VARCHAR(40)); INSERT INTO \(db.target).lines VALUES (0, 'old')")
        // ~600 KB of rows (several chunks already streamed to the server), then a bad record.
        let body = (1...20_000).map { "\($0),note number \($0) with\ttab" }.joined(separator: "\n") + "\nnot-a-number,x\n"
        let config = """
            in:
              type: file
              path_prefix: ./lines.csv
              parser:
                type: csv
                stop_on_invalid_record: true
                columns:
                - {name: id, type: long}
                - {name: note, type: string}
            out:
              type: mysql
            \(db.connection(db.target))
              table: lines
              mode: \(mode)
            """
        let project = try RunProject(["lines.csv": body])
        let result = try db.run(config, in: project)
        #expect(result.status == 1)
        #expect(result.stderr.contains("Invalid record"), "\(result.stderr)")
        #expect(try db.lines("SELECT id, note FROM \(db.target).lines") == ["0\told"])
        #expect(try db.lines("SHOW TABLES FROM \(db.target)") == ["lines"])
        // The same file without the bad line loads completely.
        try body.split(separator: "\n").dropLast().joined(separator: "\n").write(
            toFile: project.path + "/lines.csv", atomically: true, encoding: .utf8)
        let again = try db.run(config, in: project)
        #expect(again.status == 0, "\(again.stdout)\n\(again.stderr)")
        #expect(try db.lines("SELECT COUNT(*), SUM(id), SUM(LENGTH(note)) FROM \(db.target).lines")
            == [mode == "replace" || mode == "truncate_insert" ? "20000\t200010000\t508894" : "20001\t200010000\t508897"])
        // insert and truncate_insert write an InnoDB table once, in the load's transaction.
        let straight = (again.stdout + again.stderr).contains("rows go straight into it in one transaction")
        #expect(straight == (mode == "insert" || mode == "truncate_insert"))
    }

    @Test(arguments: ["insert", "truncate_insert"])
    func aNonTransactionalTargetKeepsTheIntermediateTable(_ mode: String) throws {
        let db = try EmbulkDatabases()
        try db.sql("""
            CREATE TABLE \(db.source).items (id INT, name VARCHAR(10));
            INSERT INTO \(db.source).items VALUES (1, 'a'), (2, 'b');
            CREATE TABLE \(db.target).items (id INT PRIMARY KEY, name VARCHAR(10)) ENGINE=MyISAM;
            INSERT INTO \(db.target).items VALUES (9, 'old');
            """)
        let result = try run(db, table: "items", into: "items", mode: mode)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect((result.stdout + result.stderr).contains("Created intermediate table"))
        #expect(try db.lines("SELECT id, name FROM \(db.target).items ORDER BY id")
            == (mode == "insert" ? ["1\ta", "2\tb", "9\told"] : ["1\ta", "2\tb"]))
    }

    @Test func aServerWithoutLocalInfileGetsBatchedInserts() throws {
        let db = try EmbulkDatabases()
        try db.sql("""
            CREATE TABLE \(db.source).items (id INT PRIMARY KEY, name VARCHAR(10));
            INSERT INTO \(db.source).items VALUES (1, 'a'), (2, CONCAT('b', CHAR(9)));
            """)
        try db.sql("SET GLOBAL local_infile = 0")
        defer { _ = try? db.sql("SET GLOBAL local_infile = 1") }
        let result = try run(db, table: "items", into: "items", mode: "replace")
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("refuses LOAD DATA LOCAL INFILE"), "\(result.stdout)")
        #expect(try db.lines("SELECT id, HEX(name) FROM \(db.target).items ORDER BY id") == ["1\t61", "2\t6209"])
    }
}
