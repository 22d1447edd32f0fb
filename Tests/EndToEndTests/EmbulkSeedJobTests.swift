import DigdagTesting
import Foundation
import Testing

/// The user's MySQLtoMySQL project (seed notes, second half) through `digdag run`: `sh>` runs
/// `embulk run embulk_mysql_mysql.yml.liquid`, which must work without any Embulk installed.
@Suite("embulk: the seed's MySQL to MySQL job", .enabled(if: TemporaryMariaDB.isAvailable, "MariaDB programs not found"))
struct EmbulkSeedJobTests {
    /// The user's final config, exactly as in their notes.
    static let userConfig = """
        in:
          type: mysql
          host: {{ env.mysql_host }}
          user: {{ env.mysql_user }}
          password: {{ env.mysql_password }}
          database: {{ env.mysql_database }}
          query: |
            select
              date_format(datetime, '%y-%m-%d %H:%i:00') as dt_minute,
              min(id) as min_id,
              max(id) as max_id,
              min(date_format(now() - interval 1 minute, '%y-%m-%d %H:%i:00')) as start,
              max(date_format(now(), '%y-%m-%d %H:%i:00')) as end,
              count(1) as count
            from
              logs
            where
              datetime >= date_format(now() - interval 1 minute, '%y-%m-%d %H:%i:00') and
              datetime < date_format(now(), '%y-%m-%d %H:%i:00')
            group by
              dt_minute
          options:
            serverTimezone: Asia/Tokyo
          columns:
            - { name: id, type: long }
            - { name: datetime, type: timestamp, format: '%Y-%m-%d %H:%M:%S' }
            - { name: value1, type: long }
            - { name: category, type: string }
            - { name: flg, type: long }
          column_options:
            datetime: {type: string, value_type: timestamp}
        out:
          type: mysql
          host: {{ env.mysql_host }}
          user: {{ env.mysql_user }}
          password: {{ env.mysql_password }}
          database: {{ env.mysql_database }}
          table: summary_logs
          mode: insert
          column_options:
            dt_minute: {type: timestamp, value_type: string}
            start: {type: timestamp, value_type: string}
            end: {type: timestamp, value_type: string}

        """

    static let dig = """
        timezone: 'Asia/Tokyo'

        +start:
          echo>: "Start Data Transfer: ${moment(session_time).format('YYYY-MM-DD HH:mm:ss Z')}"

        +task1:
          sh>: bash exec_embulk_mysql.sh

        +end:
          echo>: "End Data Transfer: ${moment(session_time).format('YYYY-MM-DD HH:mm:ss Z')}"

        """

    static func script(_ server: TestDatabaseServer, database: String) -> String {
        // The user's script, with the port (their RDS listens on 3306) passed through MYSQL_TCP_PORT-like env.
        """
        #!/bin/bash

        # Set environment variables
        export mysql_host=\(server.host)
        export mysql_user=\(server.user)
        export mysql_password=\(server.password)
        export mysql_database=\(database)

        # embulk_mysql_mysql.yml.liquid
        embulk run embulk_mysql_mysql.yml.liquid

        """
    }

    @Test func runsThroughDigdagRunWithoutAJVM() throws {
        let db = try EmbulkDatabases()
        let database = db.source
        try db.sql("""
            CREATE TABLE \(database).logs (
              id int AUTO_INCREMENT, datetime timestamp NOT NULL, value1 int NOT NULL, value2 int NOT NULL,
              category varchar(1) NOT NULL, flg int NOT NULL, PRIMARY KEY (id));
            CREATE TABLE \(database).summary_logs (
              id int auto_increment, dt_minute timestamp NULL, min_id int, max_id int, start timestamp NULL,
              end timestamp NULL, count int, primary key (id));
            INSERT INTO \(database).logs (datetime, value1, value2, category, flg)
              SELECT date_format(now() - interval m minute, '%Y-%m-%d %H:%i:00') + interval s second, 1, 2, 'a', 0
              FROM (SELECT 0 m UNION SELECT 1 UNION SELECT 2) ms, (SELECT 0 s UNION SELECT 10 UNION SELECT 20 UNION SELECT 30
                UNION SELECT 40 UNION SELECT 50) ss ORDER BY m DESC, s;
            """)
        // The user's config reads no port: it connects to 3306. Point it at the test server instead.
        let config = Self.userConfig.replacingOccurrences(
            of: "  host: {{ env.mysql_host }}\n", with: "  host: {{ env.mysql_host }}\n  port: {{ env.mysql_port }}\n")
        let project = try RunProject([
            "embulk_etl.dig": Self.dig,
            "exec_embulk_mysql.sh": Self.script(db.server, database: database) .replacingOccurrences(
                of: "export mysql_database", with: "export mysql_port=\(db.server.port)\nexport mysql_database"),
            "embulk_mysql_mysql.yml.liquid": config,
        ])
        let result = try project.run(["run", "embulk_etl.dig", "--session", "2023-07-16 14:55:00"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("Committed."))
        #expect(result.stdout.contains("1 records read, 1 records written"))
        let rows = try db.lines("""
            SELECT id, max_id - min_id, count, TIMESTAMPDIFF(MINUTE, dt_minute, end), dt_minute = start,
              dt_minute = date_format(dt_minute, '%Y-%m-%d %H:%i:00') FROM \(database).summary_logs
            """)
        #expect(rows == ["1\t5\t6\t1\t1\t1"])
        #expect(try db.lines("SHOW TABLES FROM \(database)") == ["logs", "summary_logs"])
    }

    @Test func embulkOperatorRunsTheBuiltInEmbulk() throws {
        let db = try EmbulkDatabases()
        try db.sql("""
            CREATE TABLE \(db.source).t (id INT PRIMARY KEY, v VARCHAR(10)); INSERT INTO \(db.source).t VALUES (1, 'a'), (2, 'b');
            """)
        let project = try RunProject([
            "wf.dig": """
                +load:
                  embulk>:
                  config:
                    in: {type: mysql, host: \(db.server.host), port: \(db.server.port), user: \(db.server.user), password: \(db.server.password), database: \(db.source), table: t}
                    out: {type: mysql, host: \(db.server.host), port: \(db.server.port), user: \(db.server.user), password: \(db.server.password), database: \(db.target), table: t, mode: replace}
                +file:
                  embulk>: load.yml
                """,
            "load.yml": """
                in: {type: mysql, host: \(db.server.host), port: \(db.server.port), user: \(db.server.user), password: \(db.server.password), database: \(db.target), table: t}
                out: {type: stdout}
                """,
        ])
        let result = try project.run(["run", "wf.dig", "--session", "2024-01-01"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(try db.lines("SELECT id, v FROM \(db.target).t ORDER BY id") == ["1\ta", "2\tb"])
        #expect(result.stdout.contains("1,a\n2,b\n"))
    }
}
