import Foundation

/// A PostgreSQL cluster in a temporary directory (initdb as user postgres, pg_ctl on a free
/// 127.0.0.1 port, fsync off), started once per test process and stopped at exit, with a
/// password-authenticated user `digdag` owning database `digdag`.
///
/// Tests that need PostgreSQL call `server()` or `freshDatabase()`; when the binaries are missing
/// these throw, so the tests fail loudly instead of being skipped.
public enum TemporaryPostgres {
    /// The directory holding initdb, pg_ctl and psql, if installed.
    public static let binDirectory: String? = {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        let candidates = versions.sorted().reversed().map { "/usr/lib/postgresql/\($0)/bin" } + ["/usr/local/bin", "/usr/bin"]
        return candidates.first { dir in
            ["initdb", "pg_ctl", "psql"].allSatisfy { FileManager.default.isExecutableFile(atPath: "\(dir)/\($0)") }
        }
    }()

    /// True when initdb, pg_ctl and psql are installed.
    public static var isAvailable: Bool { binDirectory != nil }

    private static let shared: Result<TestDatabaseServer, TestServerError> = {
        do { return .success(try start()) } catch let error as TestServerError {
            return .failure(error)
        } catch {
            return .failure(TestServerError(description: "\(error)"))
        }
    }()

    /// The shared server, started on first use, or the error that kept it from starting.
    public static func server() throws -> TestDatabaseServer { try shared.get() }

    /// A new empty database owned by the test user on the shared server.
    public static func freshDatabase() throws -> TestDatabaseServer {
        var server = try server()
        let name = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        _ = try server.admin("CREATE DATABASE \(name) OWNER \(server.user)")
        server.database = String(name)
        return server
    }

    private static func start() throws -> TestDatabaseServer { try launch().server }

    /// A cluster of its own (not the shared one) that a test may stop and start again, e.g. to
    /// see servers ride out a database outage; stopped at exit.
    public static func dedicated() throws -> DedicatedPostgres { try launch() }

    private static func launch() throws -> DedicatedPostgres {
        guard let bin = binDirectory else {
            throw TestServerError(description: "PostgreSQL binaries (initdb, pg_ctl, psql) not found: install postgresql")
        }
        let root = try TestCommand.directory("digdag-test-pg", owner: "postgres")
        let data = root.appendingPathComponent("data").path
        let port = try TestCommand.freePort()
        let initdb = TestCommand.asUser("postgres", "\(bin)/initdb", [
            "-D", data, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256",
            "-E", "UTF8", "--locale=C.UTF-8",
        ])
        try TestCommand.run(initdb.0, initdb.1, timeout: 120)
        let ctl = TestCommand.asUser("postgres", "\(bin)/pg_ctl", [
            "-D", data, "-l", "\(root.path)/server.log", "-w", "-t", "60",
            "-o", "-c listen_addresses=127.0.0.1 -p \(port) -k \(root.path) -c fsync=off", "start",
        ])
        try TestCommand.run(ctl.0, ctl.1, timeout: 90)
        ExitCleanup.add {
            let stop = TestCommand.asUser("postgres", "\(bin)/pg_ctl", ["-D", data, "-m", "immediate", "-w", "-t", "20", "stop"])
            _ = try? TestCommand.run(stop.0, stop.1, timeout: 30)
            try? FileManager.default.removeItem(atPath: root.path)
        }
        let database = "digdag"
        let admin: @Sendable (String) throws -> String = { sql in
            try TestCommand.run(
                "\(bin)/psql", ["-h", root.path, "-p", "\(port)", "-U", "postgres", "-d", database,
                                "-v", "ON_ERROR_STOP=1", "-X", "-q", "-At", "-c", sql], timeout: 60)
        }
        let psql = ["-h", root.path, "-p", "\(port)", "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-X", "-q"]
        _ = try TestCommand.run("\(bin)/psql", psql + ["-c", "CREATE USER digdag PASSWORD 'digdag-pw'"])
        _ = try TestCommand.run("\(bin)/psql", psql + ["-c", "CREATE DATABASE \(database) OWNER digdag"])
        let control: @Sendable (String) throws -> Void = { action in
            let command = TestCommand.asUser(
                "postgres", "\(bin)/pg_ctl",
                ["-D", data, "-l", "\(root.path)/server.log", "-w", "-t", "60", "-m", "fast"]
                    + (action == "start"
                        ? ["-o", "-c listen_addresses=127.0.0.1 -p \(port) -k \(root.path) -c fsync=off"] : [])
                    + [action])
            _ = try TestCommand.run(command.0, command.1, timeout: 90)
        }
        return DedicatedPostgres(
            server: TestDatabaseServer(port: port, user: "digdag", password: "digdag-pw", database: database, admin: admin),
            control: control)
    }
}

/// A PostgreSQL cluster a test owns (`TemporaryPostgres.dedicated()`).
public struct DedicatedPostgres: Sendable {
    /// How to reach it (user `digdag`, database `digdag`).
    public let server: TestDatabaseServer
    let control: @Sendable (String) throws -> Void

    /// `pg_ctl stop -m fast`: connections drop, new ones are refused.
    public func stop() throws { try control("stop") }

    /// `pg_ctl start` on the same port.
    public func start() throws { try control("start") }
}
