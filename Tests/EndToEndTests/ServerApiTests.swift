import Foundation
import Testing

/// The seed's workflow (`digdag init mydag`) with the user's time zone.
let seedWorkflow = """
    timezone: Asia/Tokyo

    _export:
      foo: bar

    +setup:
      echo>: start ${session_time}

    +disp_current_date:
      echo>: ${moment(session_time).utc().format('YYYY-MM-DD HH:mm:ss Z')}

    +repeat:
      for_each>:
        order: [first, second, third]
        animal: [dog, cat]
      _do:
        echo>: ${order} ${animal}
      _parallel: true

    +teardown:
      echo>: finish ${session_time}

    """

/// REST API of `digdag server` on the embedded database, through real HTTP on 127.0.0.1.
@Suite(.serialized) struct ServerApiTests {
    func project(_ files: [String: String]) throws -> RunProject { try RunProject(files) }

    @Test func versionEndpoints() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let version = try await server.request("GET", "/api/version")
        #expect(version.status == 200)
        #expect(version.text == #"{"version":"0.10.5"}"#)
        let check = try await server.get("/api/version/check?client=0.10.5")
        #expect(check["serverVersion"] as? String == "0.10.5")
        #expect(check["upgradeRecommended"] as? Bool == false)
        #expect(check["apiCompatible"] as? Bool == true)
        #expect(try await server.request("GET", "/api/version/check?client=x.y").status == 400)
    }

    @Test func pushListAndDownload() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = try project(["mydag.dig": seedWorkflow, "scripts/a.sh": "echo hi\n"])
        let pushed = try await server.push(dir.temp.url, project: "mydag", revision: "r1")
        #expect(pushed.status == 200, "\(pushed.text)")
        let p = pushed.json
        #expect(p["id"] as? String == "1")
        #expect(p["name"] as? String == "mydag")
        #expect(p["revision"] as? String == "r1")
        #expect(p["archiveType"] as? String == "db")
        #expect(p.keys.contains("deletedAt") && p["deletedAt"] is NSNull)
        #expect((p["createdAt"] as? String)?.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/) != nil)
        #expect((p["archiveMd5"] as? String).flatMap { Data(base64Encoded: $0) }?.count == 16)

        let list = try await server.get("/api/projects")
        #expect((list["projects"] as? [[String: Any]])?.count == 1)
        let byName = try await server.get("/api/projects?name=nope")
        #expect((byName["projects"] as? [Any])?.isEmpty == true)
        let workflows = try await server.get("/api/projects/1/workflows")
        let wf = try #require((workflows["workflows"] as? [[String: Any]])?.first)
        #expect(wf["name"] as? String == "mydag")
        #expect(wf["timezone"] as? String == "Asia/Tokyo")
        #expect((wf["project"] as? [String: Any])?["name"] as? String == "mydag")
        let config = try #require(wf["config"] as? [String: Any])
        #expect(config["timezone"] == nil && config["+setup"] != nil)
        let all = try await server.get("/api/workflows")
        #expect((all["workflows"] as? [[String: Any]])?.count == 1)
        #expect(try await server.request("GET", "/api/workflows?order=up").status == 400)

        let duplicate = try await server.push(dir.temp.url, project: "mydag", revision: "r1")
        #expect(duplicate.status == 409)
        #expect(duplicate.json["message"] as? String == "Resource already exists: revision=r1 in project id=1")
        #expect(duplicate.json["status"] as? Int == 409)

        let archive = try await server.request("GET", "/api/projects/1/archive")
        #expect(archive.status == 200)
        #expect(archive.headers["content-type"] == "application/gzip")
        let out = try TemporaryDirectory()
        try archive.body.write(to: out.file("a.tar.gz"))
        let listing = try DigdagBinary.runTool("/bin/tar", ["-tzf", out.file("a.tar.gz").path])
        #expect(listing.stdout.contains("mydag.dig"))
        let revisions = try await server.get("/api/projects/1/revisions")
        #expect((revisions["revisions"] as? [[String: Any]])?.first?["revision"] as? String == "r1")
    }

    @Test func badUploadsStoreNothing() async throws {
        let server = try ServerProcess(["--memory", "-X", "api.max_archive_total_size_limit=4096"])
        defer { server.stop() }
        let big = try project(["big.dig": "+a:\n  echo>: " + String(repeating: "x", count: 20000) + "\n"])
        let tooBig = try await server.push(big.temp.url, project: "p", revision: "r")
        #expect(tooBig.status == 400)
        let message = tooBig.json["message"] as? String ?? ""
        #expect(
            message == "Size of the uploaded archive file exceeds limit (4096 bytes)"
                || message.hasPrefix("Size of a file in the archive exceeds limit")
                || message.hasPrefix("Total size of the archive exceeds limit"), "\(message)")

        let invalid = try project(["bad.dig": "+a:\n  echo>: [unclosed\n"])
        #expect(try await server.push(invalid.temp.url, project: "p", revision: "r").status == 400)
        let notGzip = try await server.request(
            "PUT", "/api/projects?project=p&revision=r", body: Data("hello".utf8),
            headers: ["Content-Type": "application/gzip"])
        #expect(notGzip.status == 400)
        #expect(try await server.request("PUT", "/api/projects?revision=r", body: Data()).json["message"] as? String
            == "project= is required")
        let projects = try await server.get("/api/projects")
        #expect((projects["projects"] as? [Any])?.isEmpty == true)
        // The server keeps serving.
        #expect(try await server.request("GET", "/api/version").status == 200)
    }

    @Test func errorsAreDigdagJSON() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let missing = try await server.request("GET", "/api/projects/5")
        #expect(missing.status == 404)
        #expect(missing.json["message"] as? String == "Resource does not exist: project id=5")
        #expect(missing.json["status"] as? Int == 404)
        #expect(try await server.request("GET", "/api/projects/abc").status == 404)
        #expect(try await server.request("GET", "/api/attempts/77").json["message"] as? String
            == "Resource does not exist: session attempt id=77")
        #expect(try await server.request("GET", "/api/nothing/here").status == 404)
        let malformed = try await server.request(
            "PUT", "/api/attempts", body: Data("{nope".utf8), headers: ["Content-Type": "application/json"])
        #expect(malformed.status == 400)
        let wrongType = try await server.putJSON("/api/attempts", ["workflowId": "1", "sessionTime": 5, "params": [:]])
        #expect(wrongType.status == 400)
        #expect(try await server.request("GET", "/api/sessions?page_size=1000").status == 400)
        // Starting a workflow that does not exist, or of a deleted project.
        let unknown = try await server.putJSON(
            "/api/attempts", ["workflowId": "9", "sessionTime": "2024-01-01T00:00:00Z", "params": [:]])
        #expect(unknown.status == 404)
        #expect(unknown.json["message"] as? String == "Resource does not exist: workflow id=9")
        let project = try self.project(["w.dig": "+a:\n  echo>: a\n"])
        #expect(try await server.push(project.temp.url, project: "p", revision: "r1").status == 200)
        #expect(try await server.request("DELETE", "/api/projects/1").status == 200)
        let deleted = try await server.putJSON(
            "/api/attempts", ["workflowId": "1", "sessionTime": "2024-01-01T00:00:00Z", "params": [:]])
        #expect(deleted.status == 404)
        #expect((deleted.json["message"] as? String)?.hasPrefix("Project id=1 is already deleted at ") == true, "\(deleted.text)")
    }

    @Test func attemptRunsWithTasksAndLogs() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = try project(["mydag.dig": seedWorkflow])
        #expect(try await server.push(dir.temp.url, project: "mydag", revision: "r1").status == 200)
        let start = try await server.putJSON(
            "/api/attempts", ["workflowId": "1", "sessionTime": "2023-07-16T01:55:36Z", "params": [:]])
        #expect(start.status == 200, "\(start.text)")
        let attempt = start.json
        #expect(attempt["status"] as? String == "running" || attempt["status"] as? String == "success")
        #expect(attempt["sessionTime"] as? String == "2023-07-16T10:55:36+09:00")
        #expect(attempt["retryAttemptName"] is NSNull)
        #expect(attempt["index"] as? Int == 1)
        let id = try #require(attempt["id"] as? String)
        let done = try await server.waitForAttempt(id)
        #expect(done["status"] as? String == "success")
        #expect(done["success"] as? Bool == true)
        #expect(done["finishedAt"] as? String != nil)

        let tasks = try #require(try await server.get("/api/attempts/\(id)/tasks")["tasks"] as? [[String: Any]])
        #expect(tasks.count == 12)
        #expect(tasks.allSatisfy { $0["state"] as? String == "success" })
        let root = tasks[0]
        #expect(root["fullName"] as? String == "+mydag" && root["parentId"] is NSNull && root["isGroup"] as? Bool == true)
        let child = try #require(tasks.first { ($0["fullName"] as? String)?.hasSuffix("=2=third&1=animal=1=cat") == true })
        #expect((child["config"] as? [String: Any])?["_export"] != nil)
        #expect((child["exportParams"] as? [String: Any])?["animal"] as? String == "cat")

        let conflict = try await server.putJSON(
            "/api/attempts", ["workflowId": "1", "sessionTime": "2023-07-16T01:55:36Z", "params": [:]])
        #expect(conflict.status == 409)
        #expect(conflict.json["id"] as? String == id)

        let files = try #require(try await server.get("/api/logs/\(id)/files")["files"] as? [[String: Any]])
        #expect(files.count >= 10)
        let setup = try #require(files.first { ($0["taskName"] as? String) == "+mydag+setup" })
        #expect(setup["direct"] is NSNull)
        let name = try #require(setup["fileName"] as? String)
        #expect(name.wholeMatch(of: /\+mydag\+setup@[0-9a-f]{16}\..+\.log\.gz/) != nil)
        let filtered = try #require(
            try await server.get("/api/logs/\(id)/files?task=%2Bmydag%2Brepeat")["files"] as? [[String: Any]])
        #expect(filtered.count == 7)
        let gz = try await server.request("GET", "/api/logs/\(id)/files/\(name.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
        #expect(gz.status == 200)
        let scratch = try TemporaryDirectory()
        try gz.body.write(to: scratch.file("log.gz"))
        let text = try DigdagBinary.runTool("/bin/gzip", ["-dc", scratch.file("log.gz").path]).stdout
        #expect(text.contains("echo>: start 2023-07-16T10:55:36+09:00"))
        #expect(text.contains("start 2023-07-16T10:55:36+09:00\n"))

        let sessions = try #require(try await server.get("/api/sessions")["sessions"] as? [[String: Any]])
        #expect(sessions.count == 1)
        #expect((sessions[0]["lastAttempt"] as? [String: Any])?["success"] as? Bool == true)
        let retry = try await server.putJSON(
            "/api/attempts",
            ["workflowId": "1", "sessionTime": "2023-07-16T01:55:36Z", "retryAttemptName": "again", "params": ["k": "v"]])
        #expect(retry.status == 200)
        #expect(retry.json["index"] as? Int == 2)
        _ = try await server.waitForAttempt(try #require(retry.json["id"] as? String))
        let retries = try #require(try await server.get("/api/attempts/\(id)/retries")["attempts"] as? [[String: Any]])
        #expect(retries.count == 2)
        let latestOnly = try #require(try await server.get("/api/attempts")["attempts"] as? [[String: Any]])
        #expect(latestOnly.count == 1)
        let everything = try #require(try await server.get("/api/attempts?include_retried=true")["attempts"] as? [[String: Any]])
        #expect(everything.count == 2)
    }

    @Test func killStopsAnAttempt() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = try project(["slow.dig": "+wait:\n  sh>: sleep 2\n+after:\n  echo>: never\n"])
        #expect(try await server.push(dir.temp.url, project: "slow", revision: "r1").status == 200)
        let start = try await server.putJSON(
            "/api/attempts", ["workflowId": "1", "sessionTime": "2023-01-01T00:00:00Z", "params": [:]])
        let id = try #require(start.json["id"] as? String)
        let kill = try await server.request("POST", "/api/attempts/\(id)/kill", body: Data("{}".utf8))
        #expect(kill.status == 200)
        let done = try await server.waitForAttempt(id)
        #expect(done["status"] as? String == "killed")
        #expect(try await server.request("POST", "/api/attempts/\(id)/kill").status == 409)
    }

    /// A kill stops the running command at once (Digdag waits for it to end: its issue 1766),
    /// and the killed task is not retried.
    @Test func killStopsTheRunningCommand() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = try project(["slow.dig": "+wait:\n  sh>: sleep 30\n  _retry: 3\n+after:\n  echo>: never\n"])
        #expect(try await server.push(dir.temp.url, project: "slow", revision: "r1").status == 200)
        let start = try await server.putJSON(
            "/api/attempts", ["workflowId": "1", "sessionTime": "2023-01-01T00:00:00Z", "params": [:]])
        let id = try #require(start.json["id"] as? String)
        while !server.output.contains("sh>: sleep 30") { try await Task.sleep(for: .milliseconds(20)) }
        let killedAt = Date()
        #expect(try await server.request("POST", "/api/attempts/\(id)/kill", body: Data("{}".utf8)).status == 200)
        let done = try await server.waitForAttempt(id, timeout: 20)
        #expect(Date().timeIntervalSince(killedAt) < 5)
        #expect(done["status"] as? String == "killed")
        #expect(server.output.contains("Task +slow+wait was killed: Command failed with code 143"))
        #expect(!server.output.contains("Task failed, retrying"))
    }

    @Test func gzipAndBasicAuth() async throws {
        let config = try TemporaryDirectory()
        try "server.authenticator.basic.username=alice\nserver.authenticator.basic.password=secret\n"
            .write(to: config.file("server.properties"), atomically: true, encoding: .utf8)
        let server = try ServerProcess(["--memory", "-c", config.file("server.properties").path])
        defer { server.stop() }
        #expect(try await server.request("GET", "/api/version").status == 200)
        let denied = try await server.request("GET", "/api/projects")
        #expect(denied.status == 401)
        #expect(denied.json["message"] as? String == "Missing Authorization header")
        let wrong = try await server.request("GET", "/api/projects", headers: ["Authorization": "Basic eDp5"])
        #expect(wrong.json["message"] as? String == "unauthorized")
        let auth = ["Authorization": "Basic " + Data("alice:secret".utf8).base64EncodedString()]
        #expect(try await server.request("GET", "/api/projects", headers: auth).status == 200)
    }
}
