import DigdagCore
import DigdagOperatorKit
import DigdagOperators
import Foundation
import Testing

/// The libcurl transport of `http>`: system proxy, `insecure` and HTTPS.
@Suite struct HttpTransportTests {
    @Test func systemProxy() async throws {
        let f = try HttpFixture(["/p": [.init(body: "via proxy")]])
        defer { f.stop() }
        var context = f.project.context(
            type: "http", command: "http://digdag-system-proxy.invalid/p", local: ["store_content": true])
        context.systemConfig = [
            "config.http.proxy.enabled": "true", "config.http.proxy.host": "127.0.0.1",
            "config.http.proxy.port": String(f.server.port),
        ]
        let result = try await HttpOperator().run(context)
        #expect(result.storeParams == ["http": ["last_status": 200, "last_content": "via proxy"]])
        let recorded = try f.server.requests()
        #expect(recorded.map(\.target) == ["http://digdag-system-proxy.invalid/p"])
        #expect(recorded.first?.header("Host") == "digdag-system-proxy.invalid")
    }

    @Test func insecureSkipsCertificateChecks() async throws {
        let server = try HttpTestServer(["/s": [.init(body: "secret")]], tls: true)
        let project = try TestProject()
        defer {
            server.stop()
            project.remove()
        }
        let uri = server.base + "/s"
        let checked = project.context(type: "http", command: .string(uri), local: ["retry": false])
        await #expect(throws: OperatorError.self) { try await HttpOperator().run(checked) }
        let insecure = project.context(
            type: "http", command: .string(uri), local: ["insecure": true, "store_content": true])
        let result = try await HttpOperator().run(insecure)
        #expect(result.storeParams == ["http": ["last_status": 200, "last_content": "secret"]])
        #expect(try server.requests().map(\.path) == ["/s"])
    }

    @Test func postBodyHeadersAndRedirectToGet() async throws {
        let f = try HttpFixture([
            "/form": [.init(status: 302, headers: ["Location": "/done", "Set-Cookie": "a=1"])],
            "/done": [.init(body: "ok")],
        ])
        defer { f.stop() }
        let result = try await f.run(
            path: "/form", params: ["method": "POST", "content": ["k": "v"], "content_format": "json", "store_content": true])
        #expect(result.storeParams == ["http": ["last_status": 200, "last_content": "ok"]])
        let recorded = try f.server.requests()
        #expect(recorded.map(\.method) == ["POST", "GET"])
        #expect(recorded.first?.body == #"{"k":"v"}"#)
        #expect(recorded.last?.body == "")
    }
}
