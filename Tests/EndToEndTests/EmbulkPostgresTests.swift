import DigdagTesting
import Foundation
import Testing

/// `digdag embulk run` between MariaDB and PostgreSQL (temporary servers of both kinds).
@Suite(
    "embulk run: postgresql",
    .enabled(if: TemporaryMariaDB.isAvailable && TemporaryPostgres.isAvailable, "MariaDB or PostgreSQL not found"))
struct EmbulkPostgresTests {
    func pgConnection(_ server: TestDatabaseServer, password: String? = nil) -> String {
        """
          host: \(server.host)
          port: \(server.port)
          user: \(server.user)
          password: \(password ?? server.password)
          database: \(server.database)
        """
    }

    @Test func mysqlToPostgresInsertThenIdempotentMerge() throws {
        let db = try EmbulkDatabases()
        let pg = try TemporaryPostgres.server()
        let table = "items_\(UUID().uuidString.prefix(8).lowercased())"
        try db.sql("""
            CREATE TABLE \(db.source).items (id INT PRIMARY KEY, name VARCHAR(20), price DECIMAL(10,2), at DATETIME, ok TINYINT(1));
            INSERT INTO \(db.source).items VALUES (1, 'o''ne', 1.5, '2024-01-02 03:04:05', 1), (2, NULL, NULL, NULL, 0);
            """)
        _ = try pg.admin("""
            CREATE TABLE \(table) (id BIGINT PRIMARY KEY, name TEXT, price DOUBLE PRECISION, at TIMESTAMP, ok BOOLEAN);
            ALTER TABLE \(table) OWNER TO \(pg.user);
            INSERT INTO \(table) VALUES (1, 'stale', 0, NULL, FALSE);
            """)
        let project = try RunProject([:])
        for _ in 0..<2 {
            let result = try db.run("""
                in:
                  type: mysql
                \(db.connection(db.source))
                  table: items
                out:
                  type: postgresql
                \(pgConnection(pg))
                  table: \(table)
                  mode: merge
                """, in: project)
            #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        }
        let rows = try pg.admin("SELECT id, name, price, at, ok FROM \(table) ORDER BY id")
        #expect(rows.split(separator: "\n") == ["1|o'ne|1.5|2024-01-02 03:04:05|t", "2||||f"])
    }

    @Test func postgresToMysqlReplace() throws {
        let db = try EmbulkDatabases()
        let pg = try TemporaryPostgres.server()
        let table = "src_\(UUID().uuidString.prefix(8).lowercased())"
        _ = try pg.admin("""
            CREATE TABLE \(table) (id INT, name TEXT, at TIMESTAMPTZ, day DATE, n NUMERIC(8,3), ok BOOLEAN, doc JSONB);
            INSERT INTO \(table) VALUES (1, 'a''b', '2024-01-02 03:04:05.5+00', '2024-02-03', 12.5, TRUE, '{"k": 1}'),
              (2, NULL, NULL, NULL, NULL, NULL, NULL);
            GRANT SELECT ON \(table) TO \(pg.user);
            """)
        try db.sql("CREATE TABLE \(db.target).copy (id INT PRIMARY KEY, name TEXT, at DATETIME(3), day DATE, n DOUBLE, ok BOOLEAN, doc TEXT)")
        let project = try RunProject([:])
        let result = try db.run("""
            in:
              type: postgresql
            \(pgConnection(pg))
              table: \(table)
              order_by: id
            out:
              type: mysql
            \(db.connection(db.target))
              table: copy
              mode: replace
            """, in: project)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(try db.lines("SELECT id, name, at, day, n, ok, doc FROM \(db.target).copy ORDER BY id") == [
            "1\ta'b\t2024-01-02 03:04:05.500\t2024-02-03\t12.5\t1\t{\"k\": 1}", "2\tNULL\tNULL\tNULL\tNULL\tNULL\tNULL",
        ])
    }

    @Test func wrongPostgresPasswordIsClear() throws {
        let db = try EmbulkDatabases()
        let pg = try TemporaryPostgres.server()
        let project = try RunProject([:])
        let result = try db.run("""
            in:
              type: postgresql
            \(pgConnection(pg, password: "wrong"))
              query: SELECT 1 AS x
            out:
              type: stdout
            """, in: project)
        #expect(result.status == 1)
        #expect(result.stderr.contains("Cannot connect to PostgreSQL (in: digdag@127.0.0.1:\(pg.port)/\(pg.database))"))
        #expect(result.stderr.contains("password authentication failed"))
    }
}
