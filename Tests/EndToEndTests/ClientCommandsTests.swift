import Foundation
import Testing

/// Client commands beyond the seed: listings, start options, retry, kill, waiting, logs,
/// archives, downloads and project secrets.
@Suite(.serialized) struct ClientCommandsTests {
    /// A project directory with the given files.
    static func project(_ files: [String: String]) throws -> TemporaryDirectory {
        let temp = try TemporaryDirectory()
        for (name, content) in files {
            let url = temp.file(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try content.write(to: url, atomically: true, encoding: .utf8)
        }
        return temp
    }

    @Test func listingsAndStartOptions() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = try Self.project([
            "a.dig": "timezone: Asia/Tokyo\n+x:\n  echo>: ${greeting}\n",
            "b.dig": "+y:\n  echo>: b\n",
        ])
        let client = try ClientRunner(endpoint: server.endpoint, directory: dir.url)
        #expect(try client.run(["push", "alpha", "-r", "r1"]).status == 0)
        #expect(try client.run(["push", "beta", "-r", "r1"]).status == 0)

        let projects = try client.run(["projects"])
        #expect(ClientText.stdout(projects) == """
            Projects
              name: alpha
              id: 1
              revision: r1
              archive type: db
              project created at: TIME
              revision updated at: TIME

              name: beta
              id: 2
              revision: r1
              archive type: db
              project created at: TIME
              revision updated at: TIME


            """)
        let workflows = try client.run(["workflows"])
        #expect(workflows.stdout == "  alpha\n    a\n    b\n  beta\n    a\n    b\n\n")
        let descending = try client.run(["workflows", "--order", "desc", "--count", "1"])
        #expect(descending.stdout == "  beta\n    b\n\n")
        let badOrder = try client.run(["workflows", "--order", "up"])
        #expect(badOrder.status == 1)
        #expect(badOrder.stderrAfterBanner == "error: Invalid parameter value for --order: up\n")

        let dryRun = try client.run(["start", "alpha", "a", "--session", "2016-01-01", "-p", "greeting=hi", "--dry-run"])
        #expect(dryRun.status == 0)
        #expect(dryRun.stdout == """
            Session attempt:
              session id: (dry run)
              attempt id: (dry run)
              uuid: (dry run)
              project: alpha
              workflow: a
              session time: 2016-01-01 00:00:00 +0900
              retry attempt name: 
              params: {"greeting":"hi"}


            """)
        #expect(dryRun.stderrAfterBanner == "Session attempt is not started.\n")

        let start = try client.run(["start", "alpha", "a", "--session", "2016-01-01", "-p", "greeting=hi", "--wait"])
        #expect(start.status == 0, "\(start.stderr)")
        #expect(start.stdout.contains("  session time: 2016-01-01 00:00:00 +0900\n"))
        #expect(start.stdout.contains("  params: {\"greeting\":\"hi\"}\n"))
        #expect(start.stderrAfterBanner.hasSuffix("Session attempt 1 finished with status: success\n"))

        let again = try client.run(["start", "alpha", "a", "--session", "2016-01-01"])
        #expect(again.status == 1)
        #expect(again.stderrAfterBanner == """
            error: A session for the requested session_time already exists (session_id=1, attempt_id=1, session_time=2016-01-01T00:00+09:00)
            hint: use `digdag retry 1 --latest-revision --all` command to run the session again for the same session_time

            """)

        let utc = try client.run(["start", "beta", "b", "--session", "2016-01-02 03:04:05", "--retry", "r"])
        #expect(utc.stdout.contains("  session time: 2016-01-02 03:04:05 +0000\n  retry attempt name: r\n"))
        let hourly = try client.run(["start", "beta", "b", "--session", "hourly"])
        #expect(hourly.stdout.firstMatch(of: /session time: \d{4}-\d\d-\d\d \d\d:00:00 \+0000\n/) != nil)

        let retry = try client.run(["retry", "1", "--latest-revision", "--all", "--name", "again", "-p", "extra=1", "--wait"])
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(retry.stdout.contains("  retry attempt name: again\n  params: {\"greeting\":\"hi\",\"extra\":\"1\"}\n"))
        #expect(retry.stdout.hasPrefix("Started a session attempt:\n  session id: 1\n  attempt id: "))

        let attempts = try client.run(["attempts", "1"])
        #expect(attempts.stdout.components(separatedBy: "  attempt id: ").count == 3)
        #expect(attempts.stdout.hasPrefix("Session attempts:\n  session id: 1\n  attempt id: 1\n"))
        let sessions = try client.run(["sessions", "beta"])
        #expect(sessions.stdout.hasPrefix("Sessions:\n  session id: 2\n"))
        let none = try client.run(["sessions", "alpha", "a", "--status", "error"])
        #expect(none.stdout == "Sessions:\n")
        #expect(none.stderrAfterBanner == "Use `digdag start` to start a session.\n")
        let successes = try client.run(["attempts", "--status", "success"])
        #expect(successes.stdout.contains("  status: success\n") && !successes.stdout.contains("  status: running"))
    }

    @Test func failuresKillAndFollow() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = try Self.project([
            "fails.dig": "+a:\n  echo>: before\n+b:\n  fail>: broken\n",
            "slow.dig": "+a:\n  echo>: starting\n+b:\n  sh>: sleep 1; echo slept\n+c:\n  sh>: sleep 5\n",
        ])
        let client = try ClientRunner(endpoint: server.endpoint, directory: dir.url)
        #expect(try client.run(["push", "p"]).status == 0)

        let failed = try client.run(["start", "p", "fails", "--session", "2020-01-01", "--wait"])
        #expect(failed.status == 1)
        #expect(failed.stderrAfterBanner.hasSuffix("error: Session attempt 1 finished with status: error\n"))
        let errors = try client.run(["sessions", "--status", "error"])
        #expect(errors.stdout.contains("  session id: 1\n") && errors.stdout.contains("  status: error\n"))
        let resumed = try client.run(["retry", "1", "--keep-revision", "--resume"])
        #expect(resumed.status == 0, "\(resumed.stderr)")

        let slow = try client.run(["start", "p", "slow", "--session", "2020-01-01"])
        #expect(slow.status == 0)
        let id = try #require(slow.stdout.firstMatch(of: /attempt id: (\d+)/)).1
        let followed = try client.run(["log", String(id), "+slow+b", "-f"])
        #expect(followed.status == 0)
        #expect(followed.stdoutLines.contains("slept"))
        #expect(!followed.stdout.contains("starting"))

        let kill = try client.run(["kill", String(id)])
        #expect(kill.stdout == "Kill requested for session attempt \(id)\n")
        let done = try await server.waitForAttempt(String(id))
        #expect(done["status"] as? String == "killed")
        let attempt = try client.run(["attempt", String(id)])
        #expect(attempt.stdout.contains("  kill requested: true\n  status: killed\n"))
        let session = try client.run(["sessions", "p", "slow"])
        #expect(session.stdout.contains("  kill requested: true\n  status: error\n"))
        let killed = try client.run(["attempts", "--status", "killed"])
        #expect(killed.stdout.contains("  attempt id: \(id)\n"))
        let twice = try client.run(["kill", String(id)])
        #expect(twice.stderrAfterBanner
            == "error: Request conflicted: {\"message\":\"Session attempt already killed or finished\",\"status\":409}\n")
    }

    @Test func archivesDownloadsAndSecrets() async throws {
        let server = try ServerProcess(["--memory", "-X", "digdag.secret-encryption-key=MDEyMzQ1Njc4OWFiY2RlZg=="])
        defer { server.stop() }
        let dir = try Self.project(["wf.dig": "+a:\n  echo>: a\n", "scripts/run.sh": "echo hi\n", ".hidden": "x"])
        try FileManager.default.createSymbolicLink(atPath: dir.file("link.sh").path, withDestinationPath: "scripts/run.sh")
        let client = try ClientRunner(endpoint: server.endpoint, directory: dir.url)

        let archive = try client.local(["archive", "-o", "out.tar.gz"])
        #expect(archive.status == 0, "\(archive.stderr)")
        #expect(archive.stdoutLines.first == "Creating out.tar.gz...")
        #expect(Set(archive.stdoutLines.filter { $0.hasPrefix("  Archiving") })
            == ["  Archiving wf.dig", "  Archiving scripts/run.sh", "  Archiving link.sh"])
        #expect(archive.stdout.contains("  Archiving link.sh\n    symlink -> scripts/run.sh\n"))
        #expect(archive.stdout.hasSuffix("""
            Created out.tar.gz.
            Use `digdag upload <path.tar.gz> <project> <revision>` to upload it a server.

              Examples:
                $ digdag upload out.tar.gz $(basename $(pwd)) -r $(date +%Y%m%d-%H%M%S)
                $ digdag upload out.tar.gz $(git rev-parse --abbrev-ref HEAD) -r $(git rev-parse HEAD)


            """))
        let upload = try client.run(["upload", "out.tar.gz", "up", "-r", "v1"])
        #expect(upload.status == 0, "\(upload.stderr)")
        #expect(ClientText.stdout(upload).hasPrefix("Uploaded:\n  id: 1\n  name: up\n  revision: v1\n  archive type: db\n"))

        let download = try client.run(["download", "up", "-o", "got/"])
        #expect(download.status == 0, "\(download.stderr)")
        #expect(Set(download.stdoutLines.dropLast()) == ["  got/wf.dig", "  got/scripts/run.sh", "  got/link.sh -> scripts/run.sh"])
        #expect(download.stdoutLines.last == "Extracted project 'up' revision 'v1' to got/.")
        #expect(try String(contentsOf: dir.file("got/link.sh"), encoding: .utf8) == "echo hi\n")
        let missing = try client.run(["download", "up", "-r", "v9"])
        #expect(missing.stderrAfterBanner == "error: Project archive of revision 'v9' does not exist.\n")

        let empty = try Self.project(["sub/inner.dig": "+a:\n  echo>: a\n"])
        let noWorkflows = try client.run(["push", "empty", "--project", empty.url.path, "-r", "e1"])
        #expect(noWorkflows.status == 0)
        #expect(ClientText.stdout(noWorkflows).contains("""
            Workflows:
              WARNING: This project doesn't include workflows. Usually, this is a mistake.
                       Please make sure that all *.dig files are on the top directory.
                       *.dig files in subdirectories are not recognized as workflows.

            Uploaded:
            """))
        #expect(noWorkflows.stdoutLines.first?.hasPrefix("Creating \(dir.url.path)/.digdag/tmp/archive-") == true
            || noWorkflows.stdoutLines.first?.hasPrefix("Creating .digdag/tmp/archive-") == true)

        let set = try client.run(["secrets", "--project", "up", "--set", "db.password=pw", "token=t"])
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stderrAfterBanner == "Secret 'db.password' set\nSecret 'token' set\n")
        let list = try client.run(["secrets", "--project", "up"])
        #expect(Set(list.stdoutLines) == ["db.password", "token"])
        let delete = try client.run(["secrets", "--project", "up", "--delete", "token"])
        #expect(delete.stderrAfterBanner == "Secret 'token' deleted\n")
        #expect(try client.run(["secrets", "--project", "up"]).stdout == "db.password\n")
        let neither = try client.run(["secrets"])
        #expect(neither.stderrAfterBanner.hasSuffix("\nerror: Please specify either --project or --local\n"))
    }
}
