import Foundation

/// A failure while starting a test server or running a helper command, with the tool's output.
public struct TestServerError: Error, CustomStringConvertible {
    /// What failed, with the command's output.
    public var description: String

    /// Creates an error.
    public init(description: String) {
        self.description = description
    }
}

/// Shell helpers with bounded time, for tests that start real servers.
public enum TestCommand {
    /// Runs `executable arguments` and returns stdout; fails on a non-zero exit or after `timeout` seconds.
    /// Uses posix_spawn and waitpid directly: Foundation's Process sometimes misses the exit of a
    /// child whose own child (a server) lives on.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], timeout: TimeInterval = 60) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("digdag-cmd-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let pid = try spawn(executable, arguments, outputPath: output.path)
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { break }
            if result < 0 && errno != EINTR { throw TestServerError(description: "waitpid failed for \(executable)") }
            if Date() > deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                throw TestServerError(description: "\(executable) \(arguments) timed out after \(timeout)s")
            }
            usleep(5_000)
        }
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        let exitCode = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        guard exitCode == 0 else {
            throw TestServerError(description: "\(executable) \(arguments) failed (\(exitCode)): \(text)")
        }
        return text
    }

    /// Starts `executable` with stdin from /dev/null and stdout+stderr appended to `outputPath`.
    public static func spawn(_ executable: String, _ arguments: [String], outputPath: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard result == 0 else { throw TestServerError(description: "posix_spawn \(executable) failed: \(result)") }
        return pid
    }

    /// The first existing executable among `candidates`.
    public static func find(_ candidates: [String]) -> String? {
        candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// A TCP port on 127.0.0.1 that nothing listens on right now.
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestServerError(description: "socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw TestServerError(description: "bind() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// A new directory under /tmp owned by `owner` (when running as root).
    public static func directory(_ prefix: String, owner: String?) throws -> URL {
        let url = URL(fileURLWithPath: "/tmp/\(prefix)-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        if let owner, getuid() == 0 { try run("/bin/chown", ["-R", "\(owner):\(owner)", url.path]) }
        return url
    }

    /// `arguments` run as `user` when the tests run as root.
    public static func asUser(_ user: String, _ executable: String, _ arguments: [String]) -> (String, [String]) {
        getuid() == 0 ? ("/usr/sbin/runuser", ["-u", user, "--", executable] + arguments) : (executable, arguments)
    }
}
