import Foundation
import Testing

/// `digdag run -O DIR`: one gzip log per task run in Digdag's local log layout.
@Suite("digdag run: task log files")
struct RunTaskLogTests {
    @Test func taskLogsAreWrittenAsGzipFiles() throws {
        let project = try RunProject(["wf.dig": "timezone: Asia/Tokyo\n+a:\n  sh>: echo from-shell\n"])
        let result = try project.run(["run", "wf.dig", "--session", "2023-07-16", "-O", "logs"])
        #expect(result.status == 0)
        let root = project.temp.file("logs")
        let dates = try FileManager.default.contentsOfDirectory(atPath: root.path)
        #expect(dates.count == 1)
        let attemptDir = root.appendingPathComponent(dates[0])
        #expect(try FileManager.default.contentsOfDirectory(atPath: attemptDir.path) == ["0.1wf@20230716T000000+0900"])
        let files = try FileManager.default.contentsOfDirectory(atPath: attemptDir.appendingPathComponent("0.1wf@20230716T000000+0900").path)
        let file = try #require(files.first { $0.hasPrefix("+wf+a@") })
        #expect(file.hasSuffix(".log.gz"))
        let unzip = Process()
        unzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        unzip.arguments = ["-dc", attemptDir.appendingPathComponent("0.1wf@20230716T000000+0900/\(file)").path]
        let pipe = Pipe()
        unzip.standardOutput = pipe
        try unzip.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        unzip.waitUntilExit()
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines[0].contains(" [INFO] (0016@[0:default:1:1]+wf+a) io.digdag.core.agent.OperatorManager: sh>: echo from-shell"))
        #expect(lines[0].firstMatch(of: #/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \+0900 /#) != nil)
        #expect(lines[1] == "from-shell")
    }
}
