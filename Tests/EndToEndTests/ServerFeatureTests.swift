import Foundation
import Testing

/// Secrets, compression, custom headers, live logs and `digdag migrate` through the binary.
@Suite(.serialized) struct ServerFeatureTests {
    static let key = "MDEyMzQ1Njc4OWFiY2RlZg=="  // base64 of 16 bytes

    @Test func secretsAreEncryptedAndUsedByTasks() async throws {
        let home = try TemporaryDirectory()
        try "digdag.secret-encryption-key=\(Self.key)\n".write(
            to: home.file("server.properties"), atomically: true, encoding: .utf8)
        let server = try ServerProcess(
            ["-o", home.file("db").path, "-c", home.file("server.properties").path], directory: home)
        defer { server.stop() }
        let dir = try RunProject(["s.dig": "+a:\n  sh>: echo \"token=${secret:api.token}\" > \(home.file("out").path)\n"])
        #expect(try await server.push(dir.temp.url, project: "s", revision: "r1").status == 200)
        let set = try await server.putJSON("/api/projects/1/secrets/api.token", ["value": "hunter2"])
        #expect(set.status == 200, "\(set.text)")
        #expect(set.text == #"{"key":"api.token","project":{"id":"1","name":"s"}}"#)
        #expect(try await server.putJSON("/api/projects/1/secrets/bad..key", ["value": "x"]).status == 400)
        let list = try await server.request("GET", "/api/projects/1/secrets")
        #expect(list.text == #"{"secrets":[{"key":"api.token"}]}"#)
        #expect(!list.text.contains("hunter2"))
        let start = try await server.putJSON(
            "/api/attempts", ["workflowId": "1", "sessionTime": "2024-01-01T00:00:00Z", "params": [:]])
        let done = try await server.waitForAttempt(try #require(start.json["id"] as? String))
        #expect(done["status"] as? String == "success")
        #expect(try home.read("out") == "token=hunter2\n")
        // The database never holds the plain value.
        let db = try Data(contentsOf: home.file("db/digdag.sqlite3"))
        #expect(db.range(of: Data("hunter2".utf8)) == nil)
        #expect(!server.output.contains("hunter2"))
        #expect(try await server.request("DELETE", "/api/projects/1/secrets/api.token").status == 200)
        #expect(try await server.request("GET", "/api/projects/1/secrets").text == #"{"secrets":[]}"#)
    }

    @Test func embeddedServerGeneratesAPrivateKeyOnce() async throws {
        let home = try TemporaryDirectory()
        let dir = try RunProject(["s.dig": "+a:\n  sh>: echo \"v=${secret:k}\" > \(home.file("out").path)\n"])
        do {
            let server = try ServerProcess(["-o", home.file("db").path], directory: home)
            defer { server.stop() }
            #expect(try await server.push(dir.temp.url, project: "s", revision: "r1").status == 200)
            #expect(try await server.putJSON("/api/projects/1/secrets/k", ["value": "kept-across-restarts"]).status == 200)
            #expect(server.output.contains("Generated digdag.secret-encryption-key into \(home.file("db").path)/secret-encryption-key (mode 0600)"))
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: home.file("db/secret-encryption-key").path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        // A restart reads the same key: the stored secret still decrypts.
        let server = try ServerProcess(["-o", home.file("db").path], directory: home)
        defer { server.stop() }
        #expect(!server.output.contains("Generated digdag.secret-encryption-key"))
        let start = try await server.putJSON(
            "/api/attempts", ["workflowId": "1", "sessionTime": "2024-01-01T00:00:00Z", "params": [:]])
        let done = try await server.waitForAttempt(try #require(start.json["id"] as? String))
        #expect(done["status"] as? String == "success")
        #expect(try home.read("out") == "v=kept-across-restarts\n")
        #expect(!server.output.contains("kept-across-restarts"))
    }

    @Test func memoryServerEncryptsWithAKeyOfItsOwn() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = try RunProject(["s.dig": "+a:\n  echo>: hi\n"])
        #expect(try await server.push(dir.temp.url, project: "s", revision: "r1").status == 200)
        #expect(try await server.putJSON("/api/projects/1/secrets/k", ["value": "v"]).status == 200)
    }

    @Test func gzipBodiesAndCustomHeaders() async throws {
        let server = try ServerProcess(["--memory", "-H", "X-Team=data"])
        defer { server.stop() }
        let dir = try RunProject(["w.dig": "+a:\n  echo>: hi\n"])
        #expect(try await server.push(dir.temp.url, project: "w", revision: "r1").status == 200)
        // A gzip request body (as `Content-Encoding: gzip`).
        let json = Data(#"{"workflowId":"1","sessionTime":"2024-01-01T00:00:00Z","params":{}}"#.utf8)
        let scratch = try TemporaryDirectory()
        try json.write(to: scratch.file("body"))
        _ = try DigdagBinary.runTool("/bin/gzip", ["-k", scratch.file("body").path])
        let gz = try Data(contentsOf: scratch.file("body.gz"))
        let started = try await server.request(
            "PUT", "/api/attempts", body: gz, headers: ["Content-Type": "application/json", "Content-Encoding": "gzip"])
        #expect(started.status == 200, "\(started.text)")
        #expect(started.headers["x-team"] == "data")
        let notGzip = try await server.request(
            "PUT", "/api/attempts", body: json, headers: ["Content-Type": "application/json", "Content-Encoding": "gzip"])
        #expect(notGzip.status == 400)
    }

    /// A UI served from another origin: `--enable-swagger` adds Digdag's CORS headers to every API
    /// answer (401 included), and preflight `OPTIONS` needs no credentials.
    @Test func corsForAUIOnAnotherOrigin() async throws {
        let home = try TemporaryDirectory()
        try "server.authenticator.basic.username=ui\nserver.authenticator.basic.password=pw\n".write(
            to: home.file("server.properties"), atomically: true, encoding: .utf8)
        let server = try ServerProcess(["--memory", "--enable-swagger", "-c", home.file("server.properties").path])
        defer { server.stop() }
        let preflight = try await server.request(
            "OPTIONS", "/api/attempts",
            headers: ["Origin": "http://localhost:8080", "Access-Control-Request-Method": "PUT"])
        #expect(preflight.status == 200)
        #expect(preflight.body.isEmpty)
        #expect(preflight.headers["access-control-allow-origin"] == "*")
        #expect(preflight.headers["access-control-allow-methods"] == "GET, POST, PUT, DELETE, OPTIONS, HEAD")
        #expect(preflight.headers["access-control-allow-headers"] == "origin, content-type, accept, authorization")
        #expect(preflight.headers["access-control-allow-credentials"] == "true")
        #expect(preflight.headers["access-control-max-age"] == "1209600")
        let denied = try await server.request("GET", "/api/projects")
        #expect(denied.status == 401)
        #expect(denied.headers["access-control-allow-origin"] == "*")
        let credentials = Data("ui:pw".utf8).base64EncodedString()
        let allowed = try await server.request("GET", "/api/projects", headers: ["Authorization": "Basic \(credentials)"])
        #expect(allowed.status == 200)
        #expect(allowed.headers["access-control-allow-origin"] == "*")

        let plain = try ServerProcess(["--memory"])
        defer { plain.stop() }
        let version = try await plain.request("GET", "/api/version")
        #expect(version.headers["access-control-allow-origin"] == nil)
        #expect(try await plain.request("OPTIONS", "/api/projects").status == 200)
    }

    @Test func logsOfARunningTaskCanBeFollowed() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = try RunProject(["f.dig": "+a:\n  sh>: echo one && sleep 3 && echo two\n"])
        #expect(try await server.push(dir.temp.url, project: "f", revision: "r1").status == 200)
        let start = try await server.putJSON(
            "/api/attempts", ["workflowId": "1", "sessionTime": "2024-01-01T00:00:00Z", "params": [:]])
        let id = try #require(start.json["id"] as? String)
        var sawWhileRunning = false
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let files = try await server.get("/api/logs/\(id)/files")["files"] as? [[String: Any]] ?? []
            let attempt = try await server.get("/api/attempts/\(id)")
            if !files.isEmpty && attempt["done"] as? Bool == false {
                sawWhileRunning = true
                break
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(sawWhileRunning)
        _ = try await server.waitForAttempt(id)
        let files = try #require(try await server.get("/api/logs/\(id)/files")["files"] as? [[String: Any]])
        #expect(files.count >= 2)
    }

    @Test func migrateRunAndCheck() throws {
        let home = try TemporaryDirectory()
        let db = home.file("db").path
        #expect(try DigdagBinary.run(["migrate", "check", "-o", db]).stdout == "No table exist\n")
        #expect(try DigdagBinary.run(["migrate", "run", "-o", db]).stdout == "Migrations successfully finished\n")
        #expect(try DigdagBinary.run(["migrate", "run", "-o", db]).stdout == "No update\n")
        #expect(try DigdagBinary.run(["migrate", "check", "-o", db]).stdout == "No update\n")
        let bad = try DigdagBinary.run(["migrate", "up", "-o", db])
        #expect(bad.status == 1)
        #expect(bad.stderr.hasSuffix("error: Invalid command\n"))
    }

    @Test func accessLogAndTaskThreadLimit() async throws {
        let home = try TemporaryDirectory()
        let server = try ServerProcess(
            ["--memory", "-A", home.file("access").path, "--max-task-threads", "1"], directory: home)
        defer { server.stop() }
        let marks = home.file("marks")
        // Two parallel tasks with one task thread: they run one after the other.
        let dir = try RunProject([
            "p.dig": """
                +both:
                  _parallel: true
                  +x:
                    sh>: echo start-x >> \(marks.path) && sleep 0.5 && echo end-x >> \(marks.path)
                  +y:
                    sh>: echo start-y >> \(marks.path) && sleep 0.5 && echo end-y >> \(marks.path)

                """
        ])
        #expect(try await server.push(dir.temp.url, project: "p", revision: "r1").status == 200)
        let start = try await server.putJSON(
            "/api/attempts", ["workflowId": "1", "sessionTime": "2024-01-01T00:00:00Z", "params": [:]])
        _ = try await server.waitForAttempt(try #require(start.json["id"] as? String))
        let lines = try String(contentsOf: marks, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("start") && lines[1].hasPrefix("end") && lines[2].hasPrefix("start"))
        let log = try home.read("access/access.log")
        let first = try #require(log.split(separator: "\n").first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        #expect(object["method"] as? String == "PUT")
        #expect(object["status"] as? String == "200")
        #expect((object["uri"] as? String)?.hasPrefix("/api/projects?project=p") == true)
    }
}

/// `require>` on the server starts the required workflow's session and waits for it.
@Suite(.serialized) struct ServerRequireTests {
    @Test func requireStartsAndWaits() async throws {
        let home = try TemporaryDirectory()
        let marks = home.file("marks").path
        let server = try ServerProcess(["--memory"], directory: home)
        defer { server.stop() }
        let dir = try RunProject([
            "main.dig": "+req:\n  require>: sub\n+after:\n  sh>: echo main >> \(marks)\n",
            "sub.dig": "+s:\n  sh>: echo sub >> \(marks)\n",
        ])
        #expect(try await server.push(dir.temp.url, project: "p", revision: "r1").status == 200)
        let workflows = try #require(try await server.get("/api/projects/1/workflows")["workflows"] as? [[String: Any]])
        let mainId = try #require(workflows.first { $0["name"] as? String == "main" }?["id"] as? String)
        let start = try await server.putJSON(
            "/api/attempts", ["workflowId": mainId, "sessionTime": "2024-01-01T00:00:00Z", "params": [:]])
        let done = try await server.waitForAttempt(try #require(start.json["id"] as? String), timeout: 60)
        #expect(done["status"] as? String == "success")
        #expect(try String(contentsOfFile: marks, encoding: .utf8) == "sub\nmain\n")
        let sessions = try #require(try await server.get("/api/sessions")["sessions"] as? [[String: Any]])
        #expect(sessions.count == 2)
    }
}
