import Foundation
import Testing

/// The user's notes: `digdag init mydag`, Asia/Tokyo, `digdag run mydag.dig --session 2023-07-16`.
@Suite("digdag run: the seed's mydag")
struct RunSeedTests {
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

    static let prefix = "(NNNN@[0:default:1:1]+mydag"
    static let manager = "io.digdag.core.agent.OperatorManager"

    @Test func firstRunPrintsTheTranscriptAndSavesStatus() throws {
        let project = try RunProject(["mydag.dig": Self.workflow])
        let result = try project.run(["run", "mydag.dig", "--session", "2023-07-16"])
        #expect(result.status == 0)
        let statusDir = project.temp.url.appendingPathComponent(".digdag/status/20230716T000000+0900").path
        #expect(result.stderrAfterBanner == """
            Success. Task state is saved at \(statusDir) directory.
              * Use --session <daily | hourly | "yyyy-MM-dd[ HH:mm:ss]"> to not reuse the last session time.
              * Use --rerun, --start +NAME, or --goal +NAME argument to rerun skipped tasks.

            """)
        let lines = result.normalizedLines
        let p = Self.prefix, m = Self.manager
        #expect(Array(lines.prefix(8)) == [
            "TIME [INFO] (main) io.digdag.cli.Run: Using session \(statusDir).",
            "TIME [INFO] (main) io.digdag.core.workflow.WorkflowExecutor: Starting a new session project id=1 workflow name=mydag session_time=2023-07-16T00:00:00+09:00",
            "TIME [INFO] \(p)+setup) \(m): echo>: start 2023-07-16T00:00:00+09:00",
            "start 2023-07-16T00:00:00+09:00",
            "TIME [INFO] \(p)+disp_current_date) \(m): echo>: 2023-07-15 15:00:00 +00:00",
            "2023-07-15 15:00:00 +00:00",
            "TIME [INFO] \(p)+repeat) \(m): for_each>: {order=[first, second, third], animal=[dog, cat]}",
            lines.count > 7 ? lines[7] : "",
        ])
        var expectedParallel: [String] = []
        for order in ["first", "second", "third"].enumerated() {
            for animal in ["dog", "cat"].enumerated() {
                let name = "+repeat^sub+for-0=order=\(order.offset)=\(order.element)&1=animal=\(animal.offset)=\(animal.element)"
                expectedParallel.append("TIME [INFO] \(p)\(name)) \(m): echo>: \(order.element) \(animal.element)")
                expectedParallel.append("\(order.element) \(animal.element)")
            }
        }
        #expect(lines.count == 21)
        #expect(Array(lines[7..<19]).sorted() == expectedParallel.sorted())
        #expect(Array(lines.suffix(2)) == [
            "TIME [INFO] \(p)+teardown) \(m): echo>: finish 2023-07-16T00:00:00+09:00",
            "finish 2023-07-16T00:00:00+09:00",
        ])

        let files = try FileManager.default.contentsOfDirectory(atPath: statusDir).sorted()
        #expect(files.count == 12)
        #expect(files.contains("+mydag.yml"))
        #expect(files.contains("+mydag+repeat^sub.yml"))
        #expect(files.contains("+mydag+repeat^sub+for-0=order=2=third&1=animal=0=dog.yml"))
        let setup = try String(contentsOfFile: statusDir + "/+mydag+setup.yml", encoding: .utf8)
        #expect(setup == """
            fullName: "+mydag+setup"
            state: "success"
            result:
              subtaskConfig: {}
              exportParams: {}
              resetStoreParams: []
              storeParams: {}
              report:
                inputs: []
                outputs: []

            """)
    }

    @Test func secondRunSkipsWhatSucceeded() throws {
        let project = try RunProject(["mydag.dig": Self.workflow])
        _ = try project.run(["run", "mydag.dig", "--session", "2023-07-16"])
        let again = try project.run(["run", "mydag.dig"])
        #expect(again.status == 0)
        let lines = again.normalizedLines
        #expect(lines.first == "TIME [WARN] (main) io.digdag.cli.Run: Reusing the last session time 2023-07-16T00:00:00+09:00.")
        let skipped = lines.filter { $0.hasSuffix("io.digdag.cli.Run$OperatorManagerWithSkip: Skipped") }
        #expect(skipped.count == 10)
        #expect(!lines.contains { $0.hasPrefix("start ") || $0.hasPrefix("first ") })

        let rerun = try project.run(["run", "mydag.dig", "--rerun"])
        #expect(rerun.normalizedLines.contains("start 2023-07-16T00:00:00+09:00"))
    }

    @Test func newSessionWithoutStatusUsesTodayInTheWorkflowZone() throws {
        let project = try RunProject(["mydag.dig": Self.workflow])
        let result = try project.run(["run", "mydag.dig", "--no-save"])
        #expect(result.status == 0)
        #expect(result.normalizedLines.first?.hasPrefix("TIME [WARN] (main) io.digdag.cli.Run: Using a new session time ") == true)
        #expect(result.stderrAfterBanner.hasPrefix("Success.\n"))
        #expect(!project.temp.exists(".digdag/status"))
    }
}

@Suite("digdag run: status directory option")
struct RunStatusDirectoryTests {
    @Test(arguments: [false, true])
    func saveDirectoryMayBeRelativeOrAbsolute(absolute: Bool) throws {
        let project = try RunProject(["wf.dig": "+a:\n  echo>: x\n"])
        let other = try TemporaryDirectory()
        let argument = absolute ? other.url.appendingPathComponent("st").path : "custom/st"
        let result = try project.run(["run", "wf.dig", "--session", "2023-07-16", "-o", argument])
        #expect(result.status == 0)
        let expected = absolute
            ? other.url.appendingPathComponent("st/20230716T000000+0000/+wf+a.yml").path
            : project.temp.file("custom/st/20230716T000000+0000/+wf+a.yml").path
        #expect(FileManager.default.fileExists(atPath: expected))
    }
}

@Suite("digdag run: status files after a crash")
struct RunStatusCrashTests {
    /// A status file cut short (the process died while writing it) is not trusted: the task runs again.
    @Test func truncatedStatusFileMeansRunAgain() throws {
        let project = try RunProject(["wf.dig": "+a:\n  echo>: first-a\n+b:\n  echo>: first-b\n"])
        #expect(try project.run(["run", "wf.dig", "--session", "2023-07-16"]).status == 0)
        let statusA = ".digdag/status/20230716T000000+0000/+wf+a.yml"
        let statusB = ".digdag/status/20230716T000000+0000/+wf+b.yml"
        let whole = try project.temp.read(statusA)
        #expect(whole.hasSuffix("report:\n    inputs: []\n    outputs: []\n") || whole.contains("report:"))
        let cut = String(whole[..<whole.range(of: "report:")!.lowerBound])
        try cut.write(to: project.temp.file(statusA), atomically: true, encoding: .utf8)
        let again = try project.run(["run", "wf.dig", "--session", "2023-07-16"])
        #expect(again.status == 0)
        #expect(again.stdout.contains("first-a\n"))
        #expect(!again.stdout.contains("first-b\n"))
        #expect(project.temp.exists(statusB))
    }
}
