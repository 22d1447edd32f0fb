import Foundation
import Testing

/// Hostile project archives (Tests/Fixtures/hostile_archives.py writes them: path traversal,
/// symlinks and hard links out, devices, a gzip bomb, truncated and damaged streams, odd names,
/// 100,000 entries) pushed to a live server: each gets a 400 with a clear message and stores
/// nothing, the server keeps answering, and its memory stays bounded.
@Suite(.serialized) struct ServerArchiveCorpusTests {
    struct Case: Decodable {
        let file: String
        let kind: String
        let expect: String
        let message: String
    }

    static let generator = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/hostile_archives.py")

    @Test func everyHostileArchiveIsRefusedAndNothingIsStored() async throws {
        let corpus = try TemporaryDirectory()
        let generated = try DigdagBinary.runTool("/usr/bin/env", ["python3", Self.generator.path, corpus.url.path])
        #expect(generated.status == 0, "\(generated.stderr)")
        let cases = try JSONDecoder().decode([Case].self, from: Data(contentsOf: corpus.file("cases.json")))
        #expect(cases.count >= 25)

        let server = try ServerProcess()
        defer { server.stop() }
        var accepted = 0
        for (index, item) in cases.enumerated() {
            let body = try Data(contentsOf: corpus.file(item.file))
            let reply = try await server.request(
                "PUT", "/api/projects?project=p\(index)&revision=r", body: body,
                headers: ["Content-Type": "application/gzip"])
            let message = reply.json["message"] as? String ?? ""
            switch item.expect {
            case "400":
                #expect(reply.status == 400, "\(item.file) (\(item.kind)): \(reply.status) \(reply.text.prefix(300))")
                #expect(item.message.isEmpty || message.contains(item.message), "\(item.file): \(message.prefix(300))")
                #expect(!message.contains("digdag-upload-"), "\(item.file) names the server's scratch directory")
            default:
                #expect(reply.status == 400 || reply.status == 200, "\(item.file): \(reply.status)")
            }
            if reply.status == 200 { accepted += 1 }
            #expect(message.utf8.count < 1000, "\(item.file): a \(message.utf8.count)-byte message")
            // Still serving between cases.
            #expect(try await server.request("GET", "/api/version").status == 200)
        }
        let projects = try await server.get("/api/projects")
        #expect((projects["projects"] as? [Any])?.count == accepted, "only accepted archives are stored")

        // No Content-Length (chunked upload) and a wrong one: 400, nothing stored.
        let chunked = try ServerConnectionAbuseTests.RawConnection(port: server.port)
        chunked.send("PUT /api/projects?project=c&revision=r HTTP/1.1\r\nHost: x\r\nContent-Type: application/gzip\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
        #expect(chunked.readResponse().hasPrefix("HTTP/1.1 400"))
        #expect((try await server.get("/api/projects")["projects"] as? [Any])?.count == accepted)

        let peak = Self.peakResidentKilobytes(pid: server.process.processIdentifier)
        #expect(peak > 0, "VmHWM of the server could not be read")
        print("hostile archives: \(cases.count) inputs, \(Set(cases.map(\.kind)).count) kinds, server peak RSS \(peak / 1024) MB")
        #expect(peak < 512 * 1024, "peak RSS \(peak) kB")
    }

    /// `VmHWM` of a process, in kB.
    static func peakResidentKilobytes(pid: Int32) -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        return Int(line.split(whereSeparator: \.isWhitespace).dropFirst().first ?? "") ?? 0
    }
}
