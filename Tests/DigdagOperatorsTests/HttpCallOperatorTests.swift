import DigdagCore
import DigdagOperatorKit
import DigdagOperators
import Foundation
import Testing

@Suite struct HttpCallOperatorTests {
    static let json = #"{"+step":{"echo>":"hello ${name}"}}"#
    static let yaml = "+step:\n  echo>: hello\n"

    @Test(arguments: [
        ("application/json", json), ("application/json; charset=utf-8", json),
        ("application/x-yaml", yaml), ("application/x-yaml;charset=UTF-8", yaml),
    ])
    func definitionBecomesSubtasks(contentType: String, body: String) async throws {
        let f = try HttpFixture(["/wf": [.init(headers: ["Content-Type": contentType], body: body)]])
        defer { f.stop() }
        let workflows = RecordingWorkflows()
        let result = try await f.run(HttpCallOperator(), path: "/wf", workflows: workflows)
        #expect(workflows.parsed.map(\.text) == [body])
        #expect(workflows.parsed.map(\.name) == ["http_call"])
        #expect(result.subtaskConfig == ["+fetched": ["echo>": .string(body)]])
        #expect(f.logs.contains("Fetched definition for http_call>:\n\(body)"))
    }

    @Test func missingContentType() async throws {
        let f = try HttpFixture(["/wf": [.init(body: Self.json)]])
        defer { f.stop() }
        #expect(
            await f.failure(HttpCallOperator(), path: "/wf", workflows: RecordingWorkflows())
                == .failed("Content-Type must be set in the HTTP response but not set"))
    }

    @Test func unsupportedContentTypeAndOverride() async throws {
        let f = try HttpFixture(["/wf": [.init(headers: ["Content-Type": "text/plain"], body: Self.yaml)]])
        defer { f.stop() }
        #expect(
            await f.failure(HttpCallOperator(), path: "/wf", workflows: RecordingWorkflows())
                == .failed("Unsupported Content-Type (expected application/json or application/x-yaml): text/plain"))
        let workflows = RecordingWorkflows()
        _ = try await f.run(
            HttpCallOperator(), path: "/wf", params: ["content_type_override": "application/x-yaml"], workflows: workflows)
        #expect(workflows.parsed.map(\.text) == [Self.yaml])
    }

    @Test func invalidJSON() async throws {
        let f = try HttpFixture(["/wf": [.init(headers: ["Content-Type": "application/json"], body: "{nope")]])
        defer { f.stop() }
        guard case .runtime(let message)? = await f.failure(HttpCallOperator(), path: "/wf", workflows: RecordingWorkflows())
        else {
            Issue.record("expected a runtime error")
            return
        }
        #expect(message.hasPrefix("Failed to parse response as JSON: "))
    }

    @Test func sizeLimitAndErrorsAsHttp() async throws {
        let big = "+a:\n  echo>: " + String(repeating: "z", count: 70_000) + "\n"
        let f = try HttpFixture([
            "/big": [.init(headers: ["Content-Type": "application/x-yaml"], body: big)],
            "/missing": [.init(status: 404, body: "no")],
        ])
        defer { f.stop() }
        #expect(
            await f.failure(HttpCallOperator(), path: "/big", workflows: RecordingWorkflows())
                == .failed("Response content too large: \(big.utf16.count) > 65536"))
        #expect(
            await f.failure(HttpCallOperator(), path: "/missing", workflows: RecordingWorkflows())
                == .failed("HTTP 4XX Client Error: GET \(f.server.base)/missing - 404 Not Found: no"))
    }
}
