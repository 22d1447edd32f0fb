import DigdagTesting
import Foundation

/// A MariaDB server in a temporary directory (mariadb-install-db, then mariadbd --user=mysql on
/// a free port), with a password-authenticated user `digdag` and database `digdag`.
enum TemporaryMariaDB {
    static let tools: (installDB: String, server: String, client: String, admin: String)? = {
        guard let installDB = TestCommand.find(["/usr/bin/mariadb-install-db", "/usr/local/bin/mariadb-install-db"]),
            let server = TestCommand.find(["/usr/sbin/mariadbd", "/usr/local/sbin/mariadbd", "/usr/local/bin/mariadbd"]),
            let client = TestCommand.find(["/usr/bin/mariadb", "/usr/local/bin/mariadb"]),
            let admin = TestCommand.find(["/usr/bin/mariadb-admin", "/usr/local/bin/mariadb-admin"])
        else { return nil }
        return (installDB, server, client, admin)
    }()

    /// True when the MariaDB server and client programs are installed.
    static var isAvailable: Bool { tools != nil }

    /// The shared server of this test process, started on first use.
    static let shared: Result<TestDatabaseServer, TestServerError> = {
        do { return .success(try start()) } catch let error as TestServerError {
            return .failure(error)
        } catch {
            return .failure(TestServerError(description: "\(error)"))
        }
    }()

    /// The shared server, or an error if it could not start.
    static func server() throws -> TestDatabaseServer { try shared.get() }

    private static func start() throws -> TestDatabaseServer {
        guard let tools else { throw TestServerError(description: "MariaDB programs not found") }
        let root = try TestCommand.directory("digdag-test-mariadb", owner: "mysql")
        let data = root.appendingPathComponent("data").path
        let socket = root.appendingPathComponent("mysqld.sock").path
        let port = try TestCommand.freePort()
        var user: [String] = []
        if getuid() == 0 { user = ["--user=mysql"] }
        try TestCommand.run(tools.installDB, ["--no-defaults"] + user + [
            "--datadir=\(data)", "--skip-test-db", "--auth-root-authentication-method=socket",
        ], timeout: 120)
        let serverPid = try TestCommand.spawn(tools.server, ["--no-defaults"] + user + [
            "--datadir=\(data)", "--socket=\(socket)", "--pid-file=\(root.path)/mysqld.pid", "--port=\(port)",
            "--bind-address=127.0.0.1", "--skip-name-resolve", "--log-error=\(root.path)/error.log",
            "--innodb-flush-log-at-trx-commit=0", "--skip-log-bin",
        ], outputPath: "/dev/null")
        let deadline = Date().addingTimeInterval(60)
        while (try? TestCommand.run(tools.admin, ["--no-defaults", "--socket=\(socket)", "-uroot", "ping"], timeout: 10)) == nil {
            var status: Int32 = 0
            guard Date() < deadline, waitpid(serverPid, &status, WNOHANG) == 0 else {
                kill(serverPid, SIGKILL)
                throw TestServerError(description: "mariadbd did not start; see \(root.path)/error.log")
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        let admin = tools.admin
        ExitCleanup.add {
            _ = try? TestCommand.run(admin, ["--no-defaults", "--socket=\(socket)", "-uroot", "shutdown"], timeout: 30)
            var status: Int32 = 0
            for _ in 0..<300 where waitpid(serverPid, &status, WNOHANG) == 0 { usleep(100_000) }
            try? FileManager.default.removeItem(atPath: root.path)
        }
        let client = tools.client
        let run: @Sendable (String) throws -> String = { sql in
            try TestCommand.run(client, ["--no-defaults", "--socket=\(socket)", "-uroot", "-N", "-B", "-e", sql], timeout: 60)
        }
        _ = try run("""
            CREATE DATABASE digdag; CREATE USER 'digdag'@'127.0.0.1' IDENTIFIED BY 'digdag-pw';
            GRANT ALL ON *.* TO 'digdag'@'127.0.0.1';
            """)
        return TestDatabaseServer(
            port: port, user: "digdag", password: "digdag-pw", database: "digdag",
            admin: { sql in try run("USE digdag; " + sql) })
    }
}
