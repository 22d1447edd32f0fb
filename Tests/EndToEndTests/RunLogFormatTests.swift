import Foundation
import Testing

/// The console log formats: a terminal gets the seed's transcript format (coloured), `-L FILE`
/// gets Digdag's file format with milliseconds.
@Suite("digdag run: log formats")
struct RunLogFormatTests {
    @Test func terminalGetsTheTranscriptFormat() throws {
        let project = try RunProject(["mydag.dig": "timezone: Asia/Tokyo\n+setup:\n  echo>: start ${session_time}\n"])
        // util-linux `script` runs the command on a pseudo-terminal
        let command = "\(DigdagBinary.path) run mydag.dig --session 2023-07-16 --no-save"
        let result = try DigdagBinary.runTool("/usr/bin/script", ["-qec", command, "/dev/null"], in: project.temp.url,
            environment: ["TZ": "Asia/Tokyo"])
        let plain = result.stdout.replacing(/\u{1B}\[[0-9;]*m/, with: "").replacingOccurrences(of: "\r", with: "")
        let line = try #require(plain.split(separator: "\n").first { $0.contains("+mydag+setup") })
        #expect(line.firstMatch(of: #/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0900 \[INFO\] \(0016@\[0:default:1:1\]\+mydag\+setup\): echo>: start 2023-07-16T00:00:00\+09:00$/#) != nil)
        #expect(result.stdout.contains("\u{1B}[32m"))
    }

    @Test func logFileGetsMillisecondsAndNoClass() throws {
        let project = try RunProject(["wf.dig": "+a:\n  echo>: hello\n"])
        let result = try project.run(["run", "wf.dig", "--session", "2023-07-16", "--no-save", "-L", "run.log"])
        #expect(result.status == 0)
        #expect(result.stdout == "hello\n")
        let log = try project.temp.read("run.log")
        #expect(log.contains("+0900 [INFO] (0016@[0:default:1:1]+wf+a): echo>: hello\n"))
        #expect(log.firstMatch(of: #/\d\d:\d\d:\d\d\.\d{3} \+0900 \[INFO\] \(main\): Starting a new session/#) != nil)
    }
}
