import Foundation

/// Runs the built `digdag` executable as a subprocess and captures what it printed.
struct DigdagBinary {
    /// The result of one invocation.
    struct Result {
        var stdout: String
        var stderr: String
        var status: Int32

        /// stderr without the banner line every invocation starts with.
        var stderrAfterBanner: String {
            guard let newline = stderr.firstIndex(of: "\n") else { return "" }
            return String(stderr[stderr.index(after: newline)...])
        }

        /// The stdout lines.
        var stdoutLines: [String] {
            stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropLastIfEmpty()
        }
    }

    /// The executable: `$DIGDAG_BINARY`, else `digdag` next to the test bundle, else the
    /// package's `.build/debug/digdag`.
    static let path: String = {
        if let override = ProcessInfo.processInfo.environment["DIGDAG_BINARY"] {
            return override
        }
        var candidates: [URL] = []
        if let executable = Bundle.main.executableURL {
            candidates.append(executable.deletingLastPathComponent().appendingPathComponent("digdag"))
        }
        for bundle in Bundle.allBundles {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("digdag"))
        }
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(packageRoot.appendingPathComponent(".build/debug/digdag"))
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate.path
        }
        return candidates.last!.path
    }()

    /// Runs `digdag arguments...` in `directory` with extra environment variables and stdin text.
    static func run(
        _ arguments: [String],
        in directory: URL? = nil,
        environment extra: [String: String] = [:],
        stdin: String? = nil,
        timeout: TimeInterval = 300
    ) throws -> Result {
        try runTool(path, arguments, in: directory, environment: extra, stdin: stdin, timeout: timeout)
    }

    /// Runs any program the same way (e.g. `script` to give `digdag` a terminal).
    static func runTool(
        _ executable: String,
        _ arguments: [String],
        in directory: URL? = nil,
        environment extra: [String: String] = [:],
        stdin: String? = nil,
        timeout: TimeInterval = 300
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["DIGDAG_CONFIG"] = nil
        for (key, value) in extra {
            environment[key] = value
        }
        process.environment = environment
        if let directory {
            process.currentDirectoryURL = directory
        }
        let scratch = try TemporaryDirectory()
        let outURL = scratch.url.appendingPathComponent("stdout")
        let errURL = scratch.url.appendingPathComponent("stderr")
        let inURL = scratch.url.appendingPathComponent("stdin")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: inURL.path, contents: Data((stdin ?? "").utf8))
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)
        let inHandle = try FileHandle(forReadingFrom: inURL)
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = inHandle
        try process.run()
        // A hung child is killed (the test then sees status 9) instead of hanging the whole suite.
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        process.waitUntilExit()
        watchdog.cancel()
        try outHandle.close()
        try errHandle.close()
        try inHandle.close()
        return Result(
            stdout: try String(contentsOf: outURL, encoding: .utf8),
            stderr: try String(contentsOf: errURL, encoding: .utf8),
            status: process.terminationStatus
        )
    }
}

/// A fresh directory under the system temporary directory, removed when the value is released.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("digdag-e2e-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    func file(_ relative: String) -> URL {
        url.appendingPathComponent(relative)
    }

    func makeDirectory(_ relative: String) throws -> URL {
        let directory = file(relative)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOf: file(relative), encoding: .utf8)
    }

    func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: file(relative).path)
    }
}

extension Array where Element == String {
    func dropLastIfEmpty() -> [String] {
        last == "" ? Array(dropLast()) : self
    }
}
