import Foundation
import Testing

/// The user's transcript (seed 000, lines 90-300) replayed against `digdag server`: init, push,
/// workflows, start, session, task, log, delete. Output is compared byte for byte after
/// replacing times, ids that vary and UUIDs.
@Suite(.serialized) struct ClientSeedTests {
    static let workflow = """
        timezone: "Asia/Tokyo"

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

    @Test func seedSequence() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let temp = try TemporaryDirectory()
        let client = try ClientRunner(endpoint: server.endpoint, directory: temp.url)
        #expect(try client.local(["init", "mydag"]).status == 0)
        try Self.workflow.write(to: temp.file("mydag/mydag.dig"), atomically: true, encoding: .utf8)
        #expect(try client.local(["run", "mydag.dig", "--session", "2023-07-16"], in: "mydag").status == 0)

        // The user's first try, from the parent directory: no top-level workflow, too big.
        try FileManager.default.createDirectory(at: temp.file("logs"), withIntermediateDirectories: true)
        var random = SystemRandomNumberGenerator()
        try Data((0..<2_500_000).map { _ in UInt8.random(in: 0...255, using: &random) }).write(to: temp.file("logs/big.bin"))
        let tooBig = try client.run(["push", "mydag"])
        #expect(tooBig.status == 1)
        #expect(ClientText.stdout(tooBig) == """
            Creating \(temp.url.path)/.digdag/tmp/archive-N.tar.gz...
              Archiving logs/big.bin
              Archiving mydag/mydag.dig
            Workflows:
              WARNING: This project doesn't include workflows. Usually, this is a mistake.
                       Please make sure that all *.dig files are on the top directory.
                       *.dig files in subdirectories are not recognized as workflows.


            """)
        #expect(tooBig.stderrAfterBanner == """
            error: Status code 400: {"message":"Size of the uploaded archive file exceeds limit (2097152 bytes)","status":400}

            """)

        let push = try client.run(["push", "mydag"], in: "mydag")
        #expect(push.status == 0, "\(push.stderr)")
        #expect(ClientText.stdout(push) == """
            Creating .digdag/tmp/archive-N.tar.gz...
              Archiving mydag.dig
            Workflows:
              mydag.dig
            Uploaded:
              id: 1
              name: mydag
              revision: UUID
              archive type: db
              project created at: ISO
              revision updated at: ISO

            Use `digdag workflows` to show all workflows.

            """)
        #expect(push.stderrAfterBanner == "")
        let tmp = try FileManager.default.contentsOfDirectory(atPath: temp.file("mydag/.digdag/tmp").path)
        #expect(tmp.isEmpty, "the temporary archive is removed")

        let workflows = try client.run(["workflows", "mydag"])
        #expect(workflows.stdout == "  mydag\n    mydag\n\n")
        #expect(workflows.stderrAfterBanner == "Use `digdag workflows <project-name> <name>` to show details.\n")

        let detail = try client.run(["workflows", "mydag", "mydag"])
        #expect(detail.stdout == """
            "+setup":
              echo>: "start ${session_time}"
            "+disp_current_date":
              echo>: "${moment(session_time).utc().format('YYYY-MM-DD HH:mm:ss Z')}"
            "+repeat":
              for_each>:
                order:
                - "first"
                - "second"
                - "third"
                animal:
                - "dog"
                - "cat"
              _do:
                echo>: "${order} ${animal}"
              _parallel: true
            "+teardown":
              echo>: "finish ${session_time}"


            """)

        let start = try client.run(["start", "mydag", "mydag", "--session", "now"])
        #expect(start.status == 0, "\(start.stderr)")
        #expect(ClientText.stdout(start) == """
            Started a session attempt:
              session id: 1
              attempt id: 1
              uuid: UUID
              project: mydag
              workflow: mydag
              session time: TIME
              retry attempt name: 
              params: {}
              created at: TIME


            """)
        #expect(start.stdout.contains("  session time: ") && start.stdout.contains(" +0900\n  retry"))
        #expect(start.stderrAfterBanner == """
            * Use `digdag session 1` to show session status.
            * Use `digdag task 1` and `digdag log 1` to show task status and logs.

            """)
        _ = try await server.waitForAttempt("1")

        let session = try client.run(["session", "1"])
        #expect(ClientText.stdout(session) == """
              session id: 1
              attempt id: 1
              uuid: UUID
              project: mydag
              workflow: mydag
              session time: TIME
              retry attempt name: 
              params: {}
              created at: TIME
              kill requested: false
              status: success


            """)
        let uuid = try #require(start.stdout.firstMatch(of: /uuid: (\S+)/)?.1)
        #expect(session.stdout.contains("uuid: \(uuid)\n"))

        try checkTasks(try client.run(["task", "1"]))
        try checkLog(try client.run(["log", "1"]))

        let other = try client.run(["push", "new-project", "-r", "rev-2"], in: "mydag")
        #expect(other.status == 0)
        let declined = try client.run(["delete", "new-project"], stdin: "no\n")
        #expect(declined.status == 1)
        #expect(declined.stderrAfterBanner == "Are you sure you want to delete this project? [y/N]: error: canceled.\n")
        let deleted = try client.run(["delete", "new-project"], stdin: "yes\n")
        #expect(deleted.status == 0)
        #expect(ClientText.stdout(deleted) == """
            Project:
              id: 2
              name: new-project
              latest revision: rev-2
              created at: TIME
              last updated at: TIME

            """)
        #expect(deleted.stderrAfterBanner == "Are you sure you want to delete this project? [y/N]: Project 'new-project' is deleted.\n")
        let forced = try client.run(["delete", "mydag", "--force"])
        #expect(forced.status == 0)
        #expect(forced.stderrAfterBanner == "Project 'mydag' is deleted.\n")
        let gone = try client.run(["workflows", "mydag"])
        #expect(gone.status == 1)
        #expect(gone.stderrAfterBanner == "error: Resource not found: project not found: mydag\n")
    }

    private func checkTasks(_ result: DigdagBinary.Result) throws {
        #expect(result.status == 0)
        let blocks = result.stdout.components(separatedBy: "\n\n")
        #expect(blocks.last == "12 entries.\n")
        #expect(ClientText.normalize(blocks[0]) == """
               id: 1
               name: +mydag
               state: success
               started: 
               updated: TIME
               config: {}
               parent: null
               upstreams: []
               export params: {}
               store params: {}
               state params: {}
            """)
        let last = try #require(blocks.first { $0.contains("name: +mydag+repeat^sub+for-0=order=2=third&1=animal=1=cat\n") })
        let normalized = ClientText.normalize(last).replacing(#/   id: \d+\n/#, with: "   id: N\n")
            .replacing(#/   parent: \d+\n/#, with: "   parent: P\n")
        #expect(normalized == """
               id: N
               name: +mydag+repeat^sub+for-0=order=2=third&1=animal=1=cat
               state: success
               started: TIME
               updated: TIME
               config: {"echo>":"${order} ${animal}","_export":{"order":"third","animal":"cat"}}
               parent: P
               upstreams: []
               export params: {"order":"third","animal":"cat"}
               store params: {}
               state params: {}
            """)
        let teardown = try #require(blocks.first { $0.contains("name: +mydag+teardown\n") })
        #expect(teardown.contains("   upstreams: [") && !teardown.contains("upstreams: []"))
    }

    private func checkLog(_ result: DigdagBinary.Result) throws {
        #expect(result.status == 0)
        let lines = result.stdoutLines
        let pattern = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} [+-]\d{4} \[INFO\] \(\d{4}@\[0:mydag:1:1\](\+mydag\S*)\) io\.digdag\.core\.agent\.OperatorManager: (.*)$/
        let tasks = lines.compactMap { $0.firstMatch(of: pattern).map { String($0.1) } }
        #expect(tasks.count == 10, "\(lines)")
        #expect(tasks.first == "+mydag+setup")
        #expect(tasks[1] == "+mydag+disp_current_date")
        #expect(tasks[2] == "+mydag+repeat")
        #expect(tasks.last == "+mydag+teardown")
        #expect(lines.count == 19)
        #expect(lines.contains { $0.hasPrefix("start 20") && $0.hasSuffix("+09:00") })
        #expect(Set(lines.filter { !$0.hasPrefix("20") && !$0.hasPrefix("start") && !$0.hasPrefix("finish") })
            .isSuperset(of: ["first dog", "first cat", "second dog", "second cat", "third dog", "third cat"]))
        #expect(result.stderrAfterBanner == "")
    }
}
