import DigdagCore
import DigdagOperatorKit
import DigdagOperators
import Foundation
import Synchronization
import Testing

@Suite struct SimpleCommandExecutorTests {
    let executor = SimpleCommandExecutor()

    private func request(_ project: TestProject, _ arguments: [String], env: [String: String] = [:]) -> CommandRequest {
        CommandRequest(commandLine: arguments, workingDirectory: project.path, environment: env, ioDirectory: project.path)
    }

    @Test func onlyStandardDescriptorsAreInherited() async throws {
        let project = try TestProject()
        defer { project.remove() }
        let context = project.context(type: "sh", command: nil)
        let code = try await executor.run(request(project, ["/bin/sh", "-c", "ls /proc/self/fd"]), context: context)
        #expect(code == 0)
        // 0, 1, 2 and the directory `ls` opened itself.
        #expect(project.output.text.split(separator: "\n").count <= 4)
    }

    @Test func stdinIsEmptyAndMissingProgramFails() async throws {
        let project = try TestProject()
        defer { project.remove() }
        let context = project.context(type: "sh", command: nil)
        #expect(try await executor.run(request(project, ["/bin/sh", "-c", "cat; echo done"]), context: context) == 0)
        #expect(project.output.text == "done\n")
        await #expect(throws: OperatorError.self) {
            try await executor.run(request(project, ["no-such-program-xyz"]), context: context)
        }
    }

    /// The script waits for an acknowledgement of each line before printing the next one, so
    /// the test passes only if output is delivered while the child is still running.
    @Test func linesArriveAsTheyArePrinted() async throws {
        let project = try TestProject()
        defer { project.remove() }
        let acknowledging = AcknowledgingOutput(directory: project.path)
        var context = project.context(type: "sh", command: nil)
        context.output = acknowledging
        let wait = "n=0; while [ ! -f ack$1 ] && [ $n -lt 1200 ]; do sleep 0.05; n=$((n+1)); done"
        let script = "await() { \(wait); }; echo first; await 1; printf 'second\\n'; await 2; printf 'no newline'"
        #expect(try await executor.run(request(project, ["/bin/sh", "-c", script]), context: context) == 0)
        #expect(acknowledging.writes == ["first\n", "second\n", "no newline"])
    }

    @Test func largeOutputArrivesComplete() async throws {
        let project = try TestProject()
        defer { project.remove() }
        let context = project.context(type: "sh", command: nil)
        let code = try await executor.run(request(project, ["/bin/sh", "-c", "seq 1 100000"]), context: context)
        #expect(code == 0)
        let text = project.output.text
        #expect(text.hasPrefix("1\n2\n"))
        #expect(text.hasSuffix("\n99999\n100000\n"))
        #expect(text.split(separator: "\n").count == 100_000)
        #expect(project.output.writes.count < 1000)  // batched, not one write per line
        #expect(project.output.writes.allSatisfy { $0.hasSuffix("\n") })
    }

    @Test func cancellationKillsTheProcessGroup() async throws {
        let project = try TestProject()
        defer { project.remove() }
        let marker = project.path.appendingPathComponent("child.pid").path
        let context = project.context(type: "sh", command: nil)
        let command = request(project, ["/bin/sh", "-c", "sleep 30 & echo $! > '\(marker)'; wait"])
        let executor = SimpleCommandExecutor(terminationGracePeriod: .milliseconds(200))
        let task = Task { try await executor.run(command, context: context) }
        var childPID: Int32?
        for _ in 0..<200 where childPID == nil {
            try await Task.sleep(for: .milliseconds(10))
            childPID = (try? String(contentsOfFile: marker, encoding: .utf8))
                .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        let pid = try #require(childPID)
        let start = ContinuousClock.now
        task.cancel()
        _ = try? await task.value
        #expect(ContinuousClock.now - start < .seconds(5))
        var gone = false
        for _ in 0..<100 where !gone {
            gone = Self.isGone(pid)
            if !gone { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(gone, "background child \(pid) survived cancellation")
    }

    /// True when `pid` no longer runs. Orphans may stay zombies: PID 1 of a container may not reap.
    static func isGone(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
        guard let close = stat.lastIndex(of: ")") else { return true }
        return stat[close...].dropFirst(2).first == "Z"
    }

    @Test func repeatedTasksEachPrintOnce() async throws {
        let project = try TestProject()
        defer { project.remove() }
        let op = ShOperator()
        let context = project.context(type: "sh", command: "echo hi")
        for _ in 0..<20 { _ = try await op.run(context) }
        #expect(project.output.text == String(repeating: "hi\n", count: 20))
    }
}

/// Records writes and acknowledges the n-th one by creating the file `ack<n>`.
final class AcknowledgingOutput: TaskOutput {
    private let storage = Mutex<[String]>([])
    let directory: URL

    init(directory: URL) {
        self.directory = directory
    }

    func write(_ text: String) {
        let count = storage.withLock { writes in
            writes.append(text)
            return writes.count
        }
        _ = FileManager.default.createFile(atPath: directory.appendingPathComponent("ack\(count)").path, contents: nil)
    }

    var writes: [String] { storage.withLock { $0 } }
}
