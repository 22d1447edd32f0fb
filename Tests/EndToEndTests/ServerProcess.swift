import DigdagHTTP
import Foundation

/// A `digdag server` started from the built binary on 127.0.0.1 with a free port.
final class ServerProcess: @unchecked Sendable {
    let process = Process()
    let directory: TemporaryDirectory
    private(set) var port = 0
    let logURL: URL

    /// Starts `digdag server <arguments> -n 0` and waits until it answers.
    init(
        _ arguments: [String] = ["--memory"], directory: TemporaryDirectory? = nil, environment: [String: String] = [:],
        command: String = "server", workingDirectory: URL? = nil
    ) throws {
        self.directory = try directory ?? TemporaryDirectory()
        let info = self.directory.url.appendingPathComponent("runtime-\(UUID().uuidString).json")
        logURL = self.directory.url.appendingPathComponent("server-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: DigdagBinary.path)
        process.arguments = [command, "-n", "0", "-X", "server.runtime-info.path=\(info.path)"] + arguments
        var env = ProcessInfo.processInfo.environment
        env["DIGDAG_CONFIG"] = nil
        env["HOME"] = self.directory.url.path
        for (k, v) in environment { env[k] = v }
        process.environment = env
        process.currentDirectoryURL = workingDirectory ?? self.directory.url
        let log = try FileHandle(forWritingTo: logURL)
        process.standardOutput = log
        process.standardError = log
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let data = FileManager.default.contents(atPath: info.path),
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                let addresses = object["local_addresses"] as? [[String: Any]], let port = addresses.first?["port"] as? Int
            {
                self.port = port
                return
            }
            if !process.isRunning { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        process.terminate()
        throw ServerTestError("server did not start: \(log)")
    }

    /// Everything the server printed so far.
    var output: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    /// `http://127.0.0.1:<port>`.
    var endpoint: String { "http://127.0.0.1:\(port)" }

    /// SIGTERM and wait (graceful shutdown).
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    /// SIGKILL: a crash.
    func crash() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

    /// One HTTP exchange.
    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    }

    /// Sends a request and returns the reply (never throws on HTTP status).
    func request(
        _ method: String, _ path: String, body: Data? = nil, headers: [String: String] = [:]
    ) async throws -> Reply {
        // libcurl, as the CLI: Foundation's URLSession on Linux never returns from a 401 that
        // carries a WWW-Authenticate challenge.
        let request = CurlHttpRequest(
            url: endpoint + path, method: method, headers: headers.map { (name: $0.key, value: $0.value) }, body: body)
        let response = try await CurlHttpClient.send(request, options: CurlTransferOptions(timeout: 30))
        return Reply(status: response.status, headers: response.headers, body: response.body)
    }

    /// GET returning the parsed JSON object.
    func get(_ path: String) async throws -> [String: Any] { try await request("GET", path).json }

    /// PUT a JSON object.
    func putJSON(_ path: String, _ object: [String: Any]) async throws -> Reply {
        try await request(
            "PUT", path, body: try JSONSerialization.data(withJSONObject: object),
            headers: ["Content-Type": "application/json"])
    }

    /// Pushes a project directory as GNU tar makes it: PUT /api/projects.
    func push(_ projectDirectory: URL, project: String, revision: String) async throws -> Reply {
        let archive = try Self.tarGz(projectDirectory)
        return try await request(
            "PUT", "/api/projects?project=\(project)&revision=\(revision)", body: archive,
            headers: ["Content-Type": "application/gzip"])
    }

    /// Waits until an attempt is done and returns it.
    func waitForAttempt(_ id: String, timeout: TimeInterval = 60) async throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let attempt = try await get("/api/attempts/\(id)")
            if attempt["done"] as? Bool == true { return attempt }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ServerTestError("attempt \(id) did not finish")
    }

    /// tar.gz bytes of a directory's contents (GNU tar).
    static func tarGz(_ directory: URL) throws -> Data {
        let out = directory.deletingLastPathComponent().appendingPathComponent("archive-\(UUID().uuidString).tar.gz")
        let tar = Process()
        tar.executableURL = URL(fileURLWithPath: "/bin/tar")
        tar.arguments = ["-czf", out.path, "-C", directory.path, "."]
        try tar.run()
        tar.waitUntilExit()
        defer { try? FileManager.default.removeItem(at: out) }
        return try Data(contentsOf: out)
    }
}

struct ServerTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
