import DigdagTesting
import Foundation
import Testing

/// `digdag embulk run` MySQL -> MySQL against the temporary MariaDB: every output mode, the
/// transactional promise, and clear errors.
@Suite("embulk run: mysql to mysql", .enabled(if: TemporaryMariaDB.isAvailable, "MariaDB programs not found"))
struct EmbulkMySQLTests {
    func setUp() throws -> (EmbulkDatabases, RunProject) {
        let db = try EmbulkDatabases()
        try db.sql("""
            CREATE TABLE \(db.source).items (id INT PRIMARY KEY, name VARCHAR(20), price DOUBLE, at DATETIME, ok TINYINT(1));
            INSERT INTO \(db.source).items VALUES (1, 'one', 1.5, '2024-01-02 03:04:05', 1), (2, 'it''s\\\\two', NULL, NULL, 0),
              (3, 'three', 3.25, '2024-12-31 23:59:59', NULL);
            CREATE TABLE \(db.target).items (id INT PRIMARY KEY, name VARCHAR(20), price DOUBLE, at DATETIME, ok TINYINT(1));
            INSERT INTO \(db.target).items VALUES (9, 'old', 0, NULL, 0);
            """)
        return (db, try RunProject([:]))
    }

    func config(_ db: EmbulkDatabases, mode: String, extraIn: String = "", extraOut: String = "", password: String? = nil, port: Int? = nil) -> String {
        """
        in:
          type: mysql
        \(db.connection(db.source))
          table: items
        \(extraIn)
        out:
          type: mysql
        \(db.connection(db.target, password: password, port: port))
          table: items
          mode: \(mode)
        \(extraOut)
        """
    }

    func targetRows(_ db: EmbulkDatabases) throws -> [String] {
        try db.lines("SELECT id, name, price, at, ok FROM \(db.target).items ORDER BY id")
    }

    static let copied = [
        "1\tone\t1.5\t2024-01-02 03:04:05\t1", "2\tit's\\\\two\tNULL\tNULL\t0", "3\tthree\t3.25\t2024-12-31 23:59:59\tNULL",
    ]

    @Test(arguments: ["insert", "insert_direct"])
    func insertModesAppend(_ mode: String) throws {
        let (db, project) = try setUp()
        let result = try db.run(config(db, mode: mode), in: project)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(try targetRows(db) == Self.copied + ["9\told\t0\tNULL\t0"])
        #expect(result.stdout.contains("Committed."))
        #expect(result.stdout.contains("3 records read, 3 records written"))
        #expect(try db.lines("SHOW TABLES FROM \(db.target)") == ["items"])
    }

    @Test(arguments: ["truncate_insert", "replace"])
    func replacingModesLeaveOnlyTheNewRows(_ mode: String) throws {
        let (db, project) = try setUp()
        let result = try db.run(config(db, mode: mode), in: project)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(try targetRows(db) == Self.copied)
        #expect(try db.lines("SHOW TABLES FROM \(db.target)") == ["items"])
    }

    @Test(arguments: ["merge", "merge_direct"])
    func mergeUpdatesByKeyAndIsIdempotent(_ mode: String) throws {
        let (db, project) = try setUp()
        try db.sql("INSERT INTO \(db.target).items VALUES (1, 'stale', 0, NULL, 0)")
        for _ in 0..<2 {
            let result = try db.run(config(db, mode: mode, extraOut: "  merge_keys: [id]"), in: project)
            #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        }
        #expect(try targetRows(db) == Self.copied + ["9\told\t0\tNULL\t0"])
    }

    @Test func mergeWithKeysThatAreNotAUniqueIndex() throws {
        let (db, project) = try setUp()
        try db.sql("CREATE TABLE \(db.target).loose (name VARCHAR(20), price DOUBLE); INSERT INTO \(db.target).loose VALUES ('one', 0)")
        let text = config(db, mode: "merge", extraIn: "  select: name, price", extraOut: "  merge_keys: [name]")
            .replacingOccurrences(of: "  table: items\n  mode", with: "  table: loose\n  mode")
        for _ in 0..<2 {
            let result = try db.run(text, in: project)
            #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        }
        #expect(try db.lines("SELECT name, price FROM \(db.target).loose ORDER BY name") == ["it's\\\\two\tNULL", "one\t1.5", "three\t3.25"])
    }

    @Test(arguments: ["truncate_insert", "replace", "merge", "insert"])
    func failureMidwayLeavesTheTargetUnchanged(_ mode: String) throws {
        let (db, project) = try setUp()
        // The third row breaks the target's NOT NULL after two rows were written to the intermediate table.
        try db.sql("ALTER TABLE \(db.target).items MODIFY ok TINYINT(1) NOT NULL")
        let result = try db.run(config(db, mode: mode, extraOut: "  merge_keys: [id]"), in: project)
        #expect(result.status != 0)
        #expect(result.stderr.contains("Error: "))
        #expect(try targetRows(db) == ["9\told\t0\tNULL\t0"])
        #expect(try db.lines("SHOW TABLES FROM \(db.target)") == ["items"])
    }

    @Test(arguments: ["truncate_insert", "replace"])
    func wrongPasswordIsClearAndTouchesNothing(_ mode: String) throws {
        let (db, project) = try setUp()
        let result = try db.run(config(db, mode: mode, password: "wrong-pw"), in: project)
        #expect(result.status == 1)
        #expect(result.stderr.contains("Cannot connect to MySQL (out: digdag@127.0.0.1:\(db.server.port)/\(db.target))"))
        #expect(result.stderr.contains("Access denied"))
        #expect(try targetRows(db) == ["9\told\t0\tNULL\t0"])
    }

    @Test func unreachableHostIsClear() throws {
        let (db, project) = try setUp()
        let port = try TestCommand.freePort()
        let start = Date()
        let result = try db.run(config(db, mode: "replace", extraOut: "  connect_timeout: 5", port: port), in: project)
        #expect(result.status == 1)
        #expect(result.stderr.contains("Cannot connect to MySQL (out: digdag@127.0.0.1:\(port)/"))
        #expect(Date().timeIntervalSince(start) < 30)
        #expect(try targetRows(db) == ["9\told\t0\tNULL\t0"])
    }

    @Test func unknownPluginNamesTheBuiltInOnes() throws {
        let (db, project) = try setUp()
        let result = try db.run(config(db, mode: "insert").replacingOccurrences(of: "type: mysql\n  host: 127.0.0.1\n  port: \(db.server.port)\n  user: digdag\n  password: \(db.server.password)\n  database: \(db.target)", with: "type: bigquery"), in: project)
        #expect(result.status == 1)
        #expect(result.stderr.contains("Unknown output plugin 'embulk-output-bigquery'"))
        #expect(result.stderr.contains("file, mysql, null, postgresql, stdout"))
    }

    @Test func createsAMissingTableAndWritesTypes() throws {
        let (db, project) = try setUp()
        let text = config(db, mode: "insert").replacingOccurrences(of: "  table: items\n  mode", with: "  table: fresh\n  mode")
        let result = try db.run(text, in: project)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(try db.lines("SELECT id, name, price, at, ok FROM \(db.target).fresh ORDER BY id") == [
            "1\tone\t1.5\t2024-01-02 03:04:05.000000\t1", "2\tit's\\\\two\tNULL\tNULL\t0",
            "3\tthree\t3.25\t2024-12-31 23:59:59.000000\tNULL",
        ])
    }

    @Test func incrementalWritesTheNextConfig() throws {
        let (db, project) = try setUp()
        let text = config(db, mode: "insert_direct", extraIn: "  incremental: true\n  incremental_columns: [id]")
            .replacingOccurrences(of: "  table: items\n  mode", with: "  table: copy\n  mode")
        var result = try db.run(text, in: project, extra: ["-o", "next.yml"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let next = try String(contentsOfFile: project.path + "/next.yml", encoding: .utf8)
        #expect(next.contains("last_record:\n  - 3\n") || next.contains("last_record:\n    - 3\n"))
        try db.sql("INSERT INTO \(db.source).items VALUES (4, 'four', 4, NULL, 1)")
        result = try project.run(["embulk", "run", "next.yml", "-o", "next.yml"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(try db.lines("SELECT id FROM \(db.target).copy ORDER BY id") == ["1", "2", "3", "4"])
    }
}
