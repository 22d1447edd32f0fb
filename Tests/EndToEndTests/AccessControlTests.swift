import Foundation
import Testing

/// Beyond Digdag: API tokens (`digdag tokens`, `Authorization: Bearer`) and read-only users,
/// through the binary against a live server with basic authentication.
@Suite(.serialized) struct AccessControlTests {
    static let properties = """
        server.authenticator.basic.username=alice
        server.authenticator.basic.password=secret
        server.authenticator.basic.users.viewer.password=look
        server.authenticator.basic.users.viewer.read_only=true
        server.authenticator.basic.users.bob.password=builder

        """

    @Test func tokensAreCreatedUsedAndRevoked() async throws {
        let database = try TemporaryDirectory()
        let server = try ServerProcess.configured(Self.properties, arguments: ["-o", database.url.path])
        defer { server.stop() }
        let dir = try ClientCommandsTests.project(["wf.dig": "+t:\n  echo>: hi\n"])
        let client = try ClientRunner(endpoint: server.endpoint, directory: dir.url)

        let created = try client.run(["tokens", "create", "ci", "--basic-auth", "alice:secret"])
        #expect(created.status == 0, "\(created.stderr)")
        let token = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.hasPrefix("ddt_") && token.count == 47, "\(token)")
        #expect(created.stderrAfterBanner
            == "Created token 1 'ci' (full access). It is shown only now; keep it in a safe place.\n")

        // The token works from the environment, a header and the config file; push included.
        let pushed = try client.run(["push", "p"], environment: ["DIGDAG_API_TOKEN": token])
        #expect(pushed.status == 0, "\(pushed.stderr)")
        let viaHeader = try client.run(["projects", "-H", "Authorization=Bearer \(token)"])
        #expect(viaHeader.status == 0, "\(viaHeader.stderr)")
        #expect(viaHeader.stdout.contains("  name: p\n"))
        try "client.http.token=\(token)\n".write(to: dir.file("client.properties"), atomically: true, encoding: .utf8)
        #expect(try client.run(["workflows", "-c", dir.file("client.properties").path]).status == 0)

        // A read-only token reads, and is refused anything else.
        let readOnly = try client.run(["tokens", "create", "dashboard", "--read-only"], environment: ["DIGDAG_API_TOKEN": token])
        #expect(readOnly.status == 0, "\(readOnly.stderr)")
        let viewerToken = readOnly.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let asViewer = ["DIGDAG_API_TOKEN": viewerToken]
        #expect(try client.run(["sessions"], environment: asViewer).status == 0)
        let start = try client.run(["start", "p", "wf", "--session", "now"], environment: asViewer)
        #expect(start.status == 1)
        #expect(start.stderrAfterBanner == """
            error: Status code 403: {"message":"Forbidden: read-only access may not PUT /api/attempts (user token:dashboard)","status":403}

            """)
        #expect(try client.run(["tokens"], environment: asViewer).stderrAfterBanner.contains("Status code 403"))

        // The listing shows both tokens, never their text.
        let listed = try client.run(["tokens", "--basic-auth", "alice:secret"])
        #expect(listed.status == 0)
        #expect(listed.stdout.hasPrefix("Tokens\n  id: 1\n  name: ci\n  read only: false\n  created by: alice\n"))
        #expect(listed.stdout.contains("  id: 2\n  name: dashboard\n  read only: true\n  created by: token:ci\n"))
        #expect(!listed.stdout.contains(token) && !listed.stdout.contains(viewerToken))
        let duplicate = try client.run(["tokens", "create", "ci", "--basic-auth", "alice:secret"])
        #expect(duplicate.stderrAfterBanner == #"error: Request conflicted: {"message":"A token named 'ci' already exists","status":409}"# + "\n")

        // Revoked: refused at once. Wrong or malformed tokens: 401.
        let revoked = try client.run(["tokens", "revoke", "1", "--basic-auth", "alice:secret"])
        #expect(revoked.stderrAfterBanner == "Revoked token 1 'ci'\n")
        let after = try client.run(["projects"], environment: ["DIGDAG_API_TOKEN": token])
        #expect(after.stderrAfterBanner == "error: Status code 401: HTTP 401 Unauthorized\n")
        for bad in ["ddt_nope", "nope", ""] {
            let reply = try await server.request("GET", "/api/projects", headers: ["Authorization": "Bearer \(bad)"])
            #expect(reply.status == 401, "\(bad)")
        }
        let missing = try client.run(["tokens", "revoke", "99", "--basic-auth", "alice:secret"])
        #expect(missing.stderrAfterBanner == #"error: Resource not found: {"message":"Token id 99 does not exist","status":404}"# + "\n")

        // Only hashes are stored.
        let files = try FileManager.default.subpathsOfDirectory(atPath: database.url.path)
        for file in files {
            guard let data = FileManager.default.contents(atPath: database.url.appendingPathComponent(file).path) else { continue }
            #expect(data.range(of: Data(viewerToken.utf8)) == nil, "token text in \(file)")
        }
    }

    @Test func readOnlyUsersReadButChangeNothing() async throws {
        let server = try ServerProcess.configured(Self.properties)
        defer { server.stop() }
        let dir = try ClientCommandsTests.project(["wf.dig": "+t:\n  echo>: hi\n"])
        let client = try ClientRunner(endpoint: server.endpoint, directory: dir.url)
        #expect(try client.run(["push", "p", "--basic-auth", "bob:builder"]).status == 0)
        #expect(try client.run(["start", "p", "wf", "--session", "now", "--basic-auth", "bob:builder"]).status == 0)

        let viewer = ["--basic-auth", "viewer:look"]
        for command in [["projects"], ["workflows", "p"], ["sessions"], ["attempts"], ["schedules"]] {
            let result = try client.run(command + viewer)
            #expect(result.status == 0, "\(command): \(result.stderr)")
        }
        let push = try client.run(["push", "p"] + viewer)
        #expect(push.status == 1)
        #expect(push.stderrAfterBanner
            == #"error: Status code 403: {"message":"Forbidden: read-only access may not PUT /api/projects (user viewer)","status":403}"#
                + "\n")
        let kill = try client.run(["kill", "1"] + viewer)
        #expect(kill.stderrAfterBanner.contains("Status code 403"), "\(kill.stderrAfterBanner)")
        let secrets = try client.run(["secrets", "--project", "p"] + viewer)
        #expect(secrets.status == 1)
        #expect(try client.run(["tokens", "create", "x"] + viewer).stderrAfterBanner.contains("Status code 403"))
        // /metrics needs credentials too; read-only ones do.
        #expect(try await server.request("GET", "/metrics").status == 401)
        let metrics = try await server.request(
            "GET", "/metrics", headers: ["Authorization": "Basic " + Data("viewer:look".utf8).base64EncodedString()])
        #expect(metrics.status == 200)
        #expect(metrics.text.contains("digdag_"))
        // The archive (read) is theirs to download.
        let download = try await server.request(
            "GET", "/api/projects/1/archive", headers: ["Authorization": "Basic " + Data("viewer:look".utf8).base64EncodedString()])
        #expect(download.status == 200)
        // A 401 challenges for basic credentials; the console's calls get a Bearer challenge,
        // which browsers do not answer with a password dialog of their own.
        let plain = try ServerConnectionAbuseTests.RawConnection(port: server.port)
        plain.send("GET /api/projects HTTP/1.1\r\nHost: x\r\n\r\n")
        let challenged = plain.readResponse()
        #expect(challenged.hasPrefix("HTTP/1.1 401"))
        #expect(challenged.lowercased().contains("www-authenticate: basic realm=\"digdag\", charset=\"utf-8\"\r\n"))
        let console = try ServerConnectionAbuseTests.RawConnection(port: server.port)
        console.send("GET /api/projects HTTP/1.1\r\nHost: x\r\nX-Requested-With: XMLHttpRequest\r\n\r\n")
        let consoleReply = console.readResponse()
        #expect(consoleReply.hasPrefix("HTTP/1.1 401"))
        #expect(consoleReply.lowercased().contains("www-authenticate: bearer realm=\"digdag\"\r\n"))
        #expect(!consoleReply.lowercased().contains("www-authenticate: basic"))
        // server.authenticator.basic.challenge=false: no challenge, as Digdag.
        let digdagLike = try ServerProcess.configured(Self.properties + "server.authenticator.basic.challenge=false\n")
        defer { digdagLike.stop() }
        let raw = try ServerConnectionAbuseTests.RawConnection(port: digdagLike.port)
        raw.send("GET /api/projects HTTP/1.1\r\nHost: x\r\n\r\n")
        let unchallenged = raw.readResponse()
        #expect(unchallenged.hasPrefix("HTTP/1.1 401") && !unchallenged.lowercased().contains("www-authenticate"))
        // Wrong password of an extra user: 401 as any other.
        let wrong = try client.run(["projects", "--basic-auth", "viewer:nope"])
        #expect(wrong.stderrAfterBanner == "error: Status code 401: HTTP 401 Unauthorized\n")
    }
}
