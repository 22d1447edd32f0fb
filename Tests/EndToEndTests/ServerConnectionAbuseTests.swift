import Foundation
import Testing

/// Connections that misbehave (idle, slow, cut off mid-upload) never stop the server from
/// serving everybody else.
@Suite(.serialized) struct ServerConnectionAbuseTests {
    /// A raw TCP connection to the test server.
    final class RawConnection {
        let fd: Int32

        init(port: Int) throws {
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
            guard connected else {
                close(fd)
                throw ServerTestError("connect failed")
            }
        }

        func send(_ text: String) { send(Array(text.utf8)) }

        func send(_ bytes: [UInt8]) {
            bytes.withUnsafeBytes { _ = Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }

        /// What the server sent within `timeout` seconds (until it stops sending for that long).
        func readResponse(timeout: Int32 = 10_000) -> String {
            var received: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 4096)
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            while poll(&poller, 1, received.isEmpty ? timeout : 300) > 0 {
                let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if count <= 0 { break }
                received += chunk[..<count]
            }
            return String(decoding: received, as: UTF8.self)
        }

        deinit { close(fd) }
    }

    @Test func idleSlowAndAbandonedConnectionsDoNotStopOthers() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        var held: [RawConnection] = []
        for _ in 0..<200 { held.append(try RawConnection(port: server.port)) }  // idle: nothing sent
        for _ in 0..<50 {
            let slow = try RawConnection(port: server.port)
            slow.send("GET /api/projects HTTP/1.1\r\nHost: x\r\nX-Slow: ")  // headers never finished
            held.append(slow)
        }
        // Uploads cut off mid-body: the server must store nothing.
        for i in 0..<20 {
            let cut = try RawConnection(port: server.port)
            cut.send("PUT /api/projects?project=cut\(i)&revision=r1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/gzip\r\nContent-Length: 1000000\r\n\r\n")
            cut.send([UInt8](repeating: 0x1f, count: 100_000))
        }
        let started = Date()
        for _ in 0..<20 {
            for slow in held.suffix(50) { slow.send("a") }  // one byte now and then
            let reply = try await server.request("GET", "/api/version")
            #expect(reply.status == 200)
        }
        #expect(Date().timeIntervalSince(started) < 10)
        held.removeAll()
        let projects = try #require(try await server.get("/api/projects")["projects"] as? [[String: Any]])
        #expect(projects.isEmpty)
        // A well-formed push still works afterwards.
        let project = try RunProject(["wf.dig": "+a:\n  echo>: x\n"])
        #expect(try await server.push(project.temp.url, project: "ok", revision: "r1").status == 200)
    }

    @Test func streamsCutOffByTheClientDoNotStopOthers() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let project = try RunProject(["wf.dig": "+a:\n  sh>: 'for i in 1 2 3 4 5 6 7 8 9 10; do echo line$i; sleep 0.2; done'\n"])
        #expect(try await server.push(project.temp.url, project: "p", revision: "r1").status == 200)
        _ = try await server.putJSON(
            "/api/attempts", ["workflowId": "1", "sessionTime": "2024-01-01T00:00:00Z", "params": [:]])
        // Event streams and log downloads opened and dropped mid-stream, again and again.
        for round in 0..<40 {
            let connection = try RawConnection(port: server.port)
            let path = round % 2 == 0 ? "/api/x/events" : "/api/logs/1/files?task=%2Ba"
            connection.send("GET \(path) HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
            _ = connection.readResponse(timeout: 200)
        }
        let done = try await server.waitForAttempt("1")
        #expect(done["status"] as? String == "success")
        #expect(try await server.request("GET", "/api/version").status == 200)
        #expect(try await server.request("GET", "/api/logs/1/files").status == 200)
    }

    @Test func bodyShorterThanContentLengthIsNotStored() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let project = try RunProject(["wf.dig": "+a:\n  echo>: x\n"])
        let archive = try ServerProcess.tarGz(project.temp.url)
        do {
            let connection = try RawConnection(port: server.port)
            connection.send("PUT /api/projects?project=short&revision=r1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/gzip\r\nContent-Length: \(archive.count + 500)\r\n\r\n")
            connection.send(Array(archive))
            try await Task.sleep(for: .milliseconds(200))
        }
        try await Task.sleep(for: .milliseconds(200))
        let projects = try #require(try await server.get("/api/projects")["projects"] as? [[String: Any]])
        #expect(projects.isEmpty)
    }
}
