import Foundation
import Testing

/// A secret with a recognisable value is used in every supported way, on the server and in a
/// local run; then everything the server and the CLI wrote is searched for it: the server log,
/// every API answer, task logs, CLI output, the database files, status files and the command
/// lines of every process while the tasks ran. (Tasks get the value in their environment or
/// script file by design; those are not searched.)
@Suite(.serialized) struct SecretLeakTests {
    static let canary = "Canary-S3cret-7f3a9c"
    /// SHA-256 of the canary: the tasks check the value they got without printing it.
    static let canaryHash = "c5ac4ee026094462dd76c4a709a83176a5aa110048271a1524985a9a2490046f"

    static func workflow(hash: String) -> String {
        """
        +direct:
          sh>: '[ "$(printf %s "${secret:app.password}" | sha256sum | cut -c1-64)" = "\(hash)" ] && sleep 3'
        +env:
          _env:
            PASS: ${secret:app.password}
          sh>: '[ "$(printf %s "$PASS" | sha256sum | cut -c1-64)" = "\(hash)" ]'
        +py:
          _env:
            PASS: ${secret:app.password}
          py>: check.run
        +pg_refused:
          pg>: select 1
          host: 127.0.0.1
          port: 1
          database: nothing
          user: someone

        """
    }

    static let python = """
        import hashlib, os
        def run():
            assert hashlib.sha256(os.environ["PASS"].encode()).hexdigest() == "%HASH%"

        """

    /// Command lines of every process, read while tasks run.
    final class CommandLineWatcher: @unchecked Sendable {
        private let lock = NSLock()
        private var seen: [String] = []
        private var running = true

        func start() {
            Thread.detachNewThread { [self] in
                while lock.withLock({ running }) {
                    for pid in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] where Int(pid) != nil {
                        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { continue }
                        let line = String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
                        lock.withLock { seen.append(line) }
                    }
                    Thread.sleep(forTimeInterval: 0.05)
                }
            }
        }

        func stop() -> [String] {
            lock.withLock {
                running = false
                return seen
            }
        }
    }

    @Test func secretsNeverLeakFromTheServer() async throws {
        let home = try TemporaryDirectory()
        let server = try ServerProcess(["-o", home.file("db").path], directory: home)
        defer { server.stop() }
        let hash = Self.canaryHash
        let dir = try ClientCommandsTests.project([
            "leak.dig": Self.workflow(hash: hash), "check.py": Self.python.replacingOccurrences(of: "%HASH%", with: hash),
        ])
        let client = try ClientRunner(endpoint: server.endpoint, directory: dir.url)
        #expect(try client.run(["push", "p"]).status == 0)
        try Self.canary.write(to: home.file("value"), atomically: true, encoding: .utf8)
        let set = try client.run(["secrets", "--project", "p", "--set", "app.password=@\(home.file("value").path)"])
        #expect(set.status == 0, "\(set.stderr)")
        #expect(try client.run(["secrets", "--project", "p", "--set", "pg.password=@\(home.file("value").path)"]).status == 0)
        try FileManager.default.removeItem(at: home.file("value"))

        let watcher = CommandLineWatcher()
        watcher.start()
        let start = try client.run(["start", "p", "leak", "--session", "now"])
        #expect(start.status == 0, "\(start.stderr)")
        let done = try await server.waitForAttempt("1")
        let commandLines = watcher.stop()
        #expect(commandLines.count > 100)
        #expect(!commandLines.contains { $0.contains(Self.canary) }, "a command line holds the secret")

        // Every task but the refused pg> connection ran with the right value.
        let tasks = try await server.request("GET", "/api/attempts/1/tasks").text
        #expect(done["status"] as? String == "error")
        for name in ["+leak+direct", "+leak+env", "+leak+py"] {
            #expect(tasks.contains(#""fullName":"\#(name)""#))
        }

        var written: [(String, String)] = [("server log", server.output), ("tasks", tasks)]
        for path in [
            "/api/projects", "/api/projects/1", "/api/projects/1/workflows", "/api/projects/1/secrets", "/api/sessions",
            "/api/sessions/1", "/api/attempts", "/api/attempts/1", "/api/schedules", "/api/logs/1/files",
            "/api/projects/1/sessions",
        ] {
            written.append((path, try await server.request("GET", path).text))
        }
        for command in [["log", "1"], ["tasks", "1"], ["attempt", "1"], ["secrets", "--project", "p"], ["sessions"]] {
            let result = try client.run(command)
            written.append((command.joined(separator: " "), result.stdout + result.stderr))
        }
        for (what, text) in written {
            #expect(!text.contains(Self.canary), "the secret appears in \(what)")
        }
        for file in try FileManager.default.subpathsOfDirectory(atPath: home.url.path) {
            let url = home.url.appendingPathComponent(file)
            guard let data = FileManager.default.contents(atPath: url.path) else { continue }
            #expect(data.range(of: Data(Self.canary.utf8)) == nil, "the secret appears in \(file)")
        }
    }

    @Test func secretsNeverLeakFromALocalRun() throws {
        let hash = Self.canaryHash
        let dir = try RunProject([
            "leak.dig": Self.workflow(hash: hash), "check.py": Self.python.replacingOccurrences(of: "%HASH%", with: hash),
        ])
        let home = try TemporaryDirectory()
        try Self.canary.write(to: home.file("value"), atomically: true, encoding: .utf8)
        let environment = ["HOME": home.url.path, "DIGDAG_CONFIG_HOME": home.file("config").path]
        for key in ["app.password", "pg.password"] {
            let set = try DigdagBinary.run(
                ["secrets", "--local", "--set", "\(key)=@\(home.file("value").path)"], in: dir.temp.url, environment: environment)
            #expect(set.status == 0, "\(set.stderr)")
        }
        let watcher = CommandLineWatcher()
        watcher.start()
        let run = try DigdagBinary.run(["run", "leak.dig", "--session", "2024-01-01"], in: dir.temp.url, environment: environment)
        let commandLines = watcher.stop()
        #expect(run.status == 1, "the pg> task fails: \(run.stderr)")
        #expect(run.stderr.contains("+leak+pg_refused"))
        #expect(!run.stdout.contains(Self.canary) && !run.stderr.contains(Self.canary))
        #expect(!commandLines.contains { $0.contains(Self.canary) }, "a command line holds the secret")
        for file in try FileManager.default.subpathsOfDirectory(atPath: dir.temp.url.path) {
            guard let data = FileManager.default.contents(atPath: dir.temp.url.appendingPathComponent(file).path) else { continue }
            #expect(data.range(of: Data(Self.canary.utf8)) == nil, "the secret appears in \(file)")
        }
    }
}
