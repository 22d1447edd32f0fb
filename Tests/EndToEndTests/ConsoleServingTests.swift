import Foundation
import Testing

/// The console as `digdag server` serves it (no browser): the index page for console routes,
/// assets with ETag and a long cache, `/api` untouched, and the live event stream.
@Suite(.serialized) struct ConsoleServingTests {
    @Test func indexAssetsAndApiStaySeparate() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        for path in ["/", "/projects/1", "/sessions?status=error", "/attempts/9", "/no/such/page"] {
            let page = try await server.request("GET", path)
            #expect(page.status == 200, "\(path)")
            #expect(page.headers["content-type"] == "text/html; charset=utf-8", "\(path)")
            #expect(page.headers["cache-control"] == "no-cache", "\(path)")
            #expect(page.text.contains("<script type=\"module\""), "\(path)")
        }
        let index = try await server.request("GET", "/")
        let etag = try #require(index.headers["etag"])
        #expect(try await server.request("GET", "/workflows/3", headers: ["If-None-Match": etag]).status == 304)
        let script = try #require(index.text.firstMatch(of: /src="(\/assets\/[0-9a-f]+\/app\.js)"/)?.1)
        let app = try await server.request("GET", String(script))
        #expect(app.status == 200)
        #expect(app.headers["content-type"] == "text/javascript; charset=utf-8")
        #expect(app.headers["cache-control"] == "public, max-age=31536000, immutable")
        #expect(app.text.contains("import"))
        #expect(try await server.request("GET", "/assets/x/missing.js").status == 404)
        // The API answers as before: JSON 404 for unknown paths, never the console.
        let api = try await server.request("GET", "/api/no-such-thing")
        #expect(api.status == 404)
        #expect(api.headers["content-type"] == "application/json")
        #expect(try await server.request("POST", "/").status != 200)
    }

    @Test func eventStreamOfAnAttempt() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let dir = try RunProject(["e.dig": "+a:\n  sh>: echo hello-from-task\n"])
        #expect(try await server.push(dir.temp.url, project: "e", revision: "r1").status == 200)
        let start = try await server.putJSON(
            "/api/attempts", ["workflowId": "1", "sessionTime": "2024-01-01T00:00:00Z", "params": [:]])
        let id = try #require(start.json["id"] as? String)
        _ = try await server.waitForAttempt(id)
        // A finished attempt's stream sends its state, tasks and logs, then `end` and closes.
        let events = try await server.request("GET", "/api/x/events?attempt=\(id)")
        #expect(events.status == 200)
        #expect(events.headers["content-type"] == "text/event-stream")
        for name in ["event: attempt", "event: tasks", "event: log", "event: end"] {
            #expect(events.text.contains(name), "\(name) in \(events.text)")
        }
        #expect(events.text.contains("hello-from-task"))
        #expect(try await server.request("GET", "/api/x/events?attempt=999").status == 404)
    }

    @Test func eventStreamNeedsTheLogin() async throws {
        let home = try TemporaryDirectory()
        try "server.authenticator.basic.username=u\nserver.authenticator.basic.password=p\n".write(
            to: home.file("server.properties"), atomically: true, encoding: .utf8)
        let server = try ServerProcess(["--memory", "-c", home.file("server.properties").path], directory: home)
        defer { server.stop() }
        #expect(try await server.request("GET", "/api/x/events").status == 401)
        #expect(try await server.request("GET", "/").status == 200)
    }
}
