import Foundation
import Testing

/// How client commands fail: no server, bad endpoints, authentication, missing resources.
@Suite(.serialized) struct ClientErrorTests {
    @Test func nothingListening() throws {
        let temp = try TemporaryDirectory()
        let client = try ClientRunner(endpoint: "127.0.0.1:1", directory: temp.url)
        let result = try client.run(["projects"])
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderrAfterBanner == """
            error: RESTEASY004655: Unable to invoke request (processing)
            > Connection refused (Connection refused) (connect)

            """)
        let version = try client.run(["version"])
        #expect(version.status == 1)
        #expect(version.stdout == "Client version: 0.10.5\nAn error happened during getting Server version.\n")
    }

    @Test func wrongEndpoints() throws {
        let temp = try TemporaryDirectory()
        let client = try ClientRunner(endpoint: nil, directory: temp.url)
        let scheme = try client.run(["sessions", "-e", "ftp://example.com"])
        #expect(scheme.status == 1)
        #expect(scheme.stderrAfterBanner == "error: Endpoint must start with http:// or https://: ftp://example.com\n")
        let port = try client.run(["sessions", "-e", "localhost:http"])
        #expect(port.stderrAfterBanner == "error: For input string: \"http\" (number format)\n")
        let host = try client.run(["sessions", "-e", "no-such-host.invalid:65432"])
        #expect(host.status == 1)
        #expect(host.stderrAfterBanner.hasPrefix("error: RESTEASY004655: Unable to invoke request (processing)\n> no-such-host.invalid"))
        let auth = try client.run(["sessions", "--basic-auth", "nopassword"])
        #expect(auth.status == 1)
        #expect(auth.stderrAfterBanner == "error: Expected format: username:password\n")
    }

    @Test func endpointFromConfig() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let temp = try TemporaryDirectory()
        let client = try ClientRunner(endpoint: nil, directory: temp.url)
        try "client.http.endpoint=\(server.endpoint)\n".write(to: temp.file("client.properties"), atomically: true, encoding: .utf8)
        let configured = try client.run(["projects", "-c", temp.file("client.properties").path])
        #expect(configured.status == 0, "\(configured.stderr)")
        #expect(configured.stdout == "Projects\n")
        #expect(configured.stderrAfterBanner == "Use `digdag workflows <project-name>` to show details.\n")
        // Anything after the port is ignored, as in Digdag.
        let path = try client.run(["projects", "-e", server.endpoint + "/some/path"])
        #expect(path.status == 0)
    }

    @Test func basicAuthentication() async throws {
        let server = try ServerProcess.configured(
            "server.authenticator.basic.username=alice\nserver.authenticator.basic.password=secret\n")
        defer { server.stop() }
        let temp = try TemporaryDirectory()
        let client = try ClientRunner(endpoint: server.endpoint, directory: temp.url)
        let denied = try client.run(["projects"])
        #expect(denied.status == 1)
        #expect(denied.stderrAfterBanner == "error: Status code 401: HTTP 401 Unauthorized\n")
        let wrong = try client.run(["projects", "--basic-auth", "alice:nope"])
        #expect(wrong.stderrAfterBanner == "error: Status code 401: HTTP 401 Unauthorized\n")
        let allowed = try client.run(["projects", "--basic-auth", "alice:secret"])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(allowed.stdout == "Projects\n")
        let header = "Basic " + Data("alice:secret".utf8).base64EncodedString()
        let viaHeader = try client.run(["projects", "-H", "Authorization=\(header)"])
        #expect(viaHeader.status == 0)
        try "client.http.headers.Authorization=\(header)\n".write(
            to: temp.file("client.properties"), atomically: true, encoding: .utf8)
        let viaConfig = try client.run(["projects", "-c", temp.file("client.properties").path])
        #expect(viaConfig.status == 0, "\(viaConfig.stderr)")
        // `version` skips the version check, and `GET /api/version` needs no credentials.
        let version = try client.run(["version"])
        #expect(version.stdout == "Client version: 0.10.5\nServer version: 0.10.5\n")
        let push = try client.run(["push", "p"])
        #expect(push.status == 1)
        #expect(push.stderrAfterBanner == "error: Status code 401: HTTP 401 Unauthorized\n")
        #expect(push.stdout.hasPrefix("Creating "))
    }

    @Test func versionCheck() async throws {
        let server = try ServerProcess([
            "--memory", "-X", "server.client-version-check.api-incompatible-if-older=0.11.0",
            "-X", "server.client-version-check.upgrade-recommended-if-older=0.12.0",
        ])
        defer { server.stop() }
        let temp = try TemporaryDirectory()
        let client = try ClientRunner(endpoint: server.endpoint, directory: temp.url)
        let refused = try client.run(["projects"])
        #expect(refused.status == 1)
        #expect(refused.stderrAfterBanner == """
            error: This client version is not API compatible to the server (client: 0.10.5, server: 0.10.5).
            Please run following command locally to upgrade to a compatible version with the server:

                digdag selfupdate 0.10.5


            """)
        let skipped = try client.run(["projects", "--disable-version-check"])
        #expect(skipped.status == 0)
        #expect(skipped.stdout == "Projects\n")
        #expect(try client.run(["version"]).status == 0)

        let obsolete = try ServerProcess(["--memory", "-X", "server.client-version-check.upgrade-recommended-if-older=0.12.0"])
        defer { obsolete.stop() }
        let batch = try ClientRunner(endpoint: obsolete.endpoint, directory: temp.url)
        let warned = try batch.run(["projects"])
        #expect(warned.status == 0)
        #expect(warned.stdout == "Projects\n")
        #expect(warned.stderrAfterBanner.contains("[WARN] (main): This client version is obsoleted."))
        let interactive = try batch.run(["projects", "-X", "io.digdag.cli.versionCheckMode=interactive"])
        #expect(interactive.status == 1)
        #expect(interactive.stderrAfterBanner.hasPrefix(
            "error: This client version is obsoleted. It is recommended to upgrade (client: 0.10.5, server: 0.10.5).\n"))
    }

    @Test func notFoundMessages() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let temp = try TemporaryDirectory()
        let client = try ClientRunner(endpoint: server.endpoint, directory: temp.url)
        let cases: [([String], String)] = [
            (["session", "5"], "error: Resource not found: HTTP 404 Not Found\n"),
            (["attempt", "5"], "error: Resource not found: HTTP 404 Not Found\n"),
            (["tasks", "5"], "error: Resource not found: HTTP 404 Not Found\n"),
            (["log", "5"], "error: Resource not found: HTTP 404 Not Found\n"),
            (["sessions", "nope"], "error: Resource not found: project not found: nope\n"),
            (["workflows", "nope"], "error: Resource not found: project not found: nope\n"),
            (["start", "nope", "wf", "--session", "now"], "error: Resource not found: project not found: nope\n"),
            (["download", "nope"], "error: Resource not found: project not found: nope\n"),
            (["delete", "nope", "--force"], "error: Resource not found: project not found: nope\n"),
            (["projects", "nope"], "error: Project 'nope' does not exist.\n"),
            (["kill", "5"], "error: Resource not found: {\"message\":\"Resource does not exist: session attempt id=5\",\"status\":404}\n"),
        ]
        for (arguments, expected) in cases {
            let result = try client.run(arguments)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stdout == "", "\(arguments)")
            #expect(result.stderrAfterBanner == expected, "\(arguments)")
        }
    }

    @Test func usageErrors() throws {
        let temp = try TemporaryDirectory()
        let client = try ClientRunner(endpoint: "127.0.0.1:1", directory: temp.url)
        let start = try client.run(["start", "p", "w"])
        #expect(start.status == 1)
        #expect(start.stderrAfterBanner.hasPrefix("Usage: digdag start <project-name> <name>\n"))
        #expect(start.stderrAfterBanner.hasSuffix("\nerror: --session option is required\n"))
        let noArgs = try client.run(["start"])
        #expect(noArgs.status == 0)
        let retry = try client.run(["retry", "1"])
        #expect(retry.status == 1)
        #expect(retry.stderrAfterBanner.hasSuffix(
            "\nerror: --keep-revision, --latest-revision, or --revision <name> option is required. --all, --resume, or --resume-from <+name> option is required. \n"))
        let both = try client.run(["retry", "1", "--keep-revision", "--latest-revision", "--all"])
        #expect(both.stderrAfterBanner.hasSuffix(
            "\nerror: Setting --keep-revision, --latest-revision, or --revision together is invalid.\n"))
        let badId = try client.run(["attempt", "abc"])
        #expect(badId.status == 1)
        #expect(badId.stderrAfterBanner.hasSuffix("\nerror: For input string: \"abc\"\n"))
        let session = try client.run(["start", "p", "w", "--session", "yesterday"])
        #expect(session.stderrAfterBanner == """
            error: --session must be hourly, daily, now, "yyyy-MM-dd", or "yyyy-MM-dd HH:mm:SS" format: yesterday

            """)
        let reschedule = try client.run(["reschedule", "1"])
        #expect(reschedule.stderrAfterBanner.hasSuffix("\nerror: -s or -t is required\n"))
        let backfill = try client.run(["backfill", "1"])
        #expect(backfill.stderrAfterBanner == "error: --from option is required\n")
        let emptyName = try client.run(["push", ""])
        #expect(emptyName.stderrAfterBanner.hasSuffix("\nerror: project name cannot be empty\n"))
        let header = try client.run(["projects", "-H", "novalue"])
        #expect(header.stderrAfterBanner == "error: Parameter -H expected a value of the form a=b but got:novalue\n")
    }
}
