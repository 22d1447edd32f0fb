import Foundation
import Testing

/// `digdag run` with `http>` and `http_call>` against a local test server.
@Suite struct HttpRunTests {
    func outputs(_ result: DigdagBinary.Result) -> [String] {
        // log lines (and the continuation lines of multi-line log messages) left out
        result.normalizedLines.filter {
            !$0.hasPrefix("TIME ") && !$0.hasPrefix("+") && !$0.hasPrefix("  ") && !$0.hasPrefix("{") && !$0.isEmpty
        }
    }

    @Test func storedContentFeedsForEach() throws {
        let server = try HttpTestServer([
            "/items": [.init(headers: ["Content-Type": "application/json"], body: #"["a","b"]"#)],
            "/flaky": [.init(status: 503, body: "wait"), .init(body: "ok")],
        ])
        defer { server.stop() }
        let project = try RunProject([
            "wf.dig": """
                +fetch:
                  http>: \(server.base)/items
                  store_content: true
                +loop:
                  for_each>:
                    x: ${http.last_content}
                  _do:
                    echo>: item ${x} status ${http.last_status}
                +flaky:
                  http>: \(server.base)/flaky
                  store_content: true
                +after:
                  echo>: flaky ${http.last_status} ${http.last_content}
                """,
        ])
        let result = try project.run(["run", "wf.dig", "--session", "2024-01-01"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(outputs(result) == ["item a status 200", "item b status 200", "flaky 200 ok"])
        #expect(result.stdout.contains("HTTP request failed. HTTP 5XX Server Error: GET \(server.base)/flaky"))
        #expect(result.stdout.contains("retrying in 1 seconds"))
    }

    @Test func clientErrorFailsTheTask() throws {
        let server = try HttpTestServer(["/nope": [.init(status: 404, body: "not here")]])
        defer { server.stop() }
        let project = try RunProject(["wf.dig": "+get:\n  http>: \(server.base)/nope\n"])
        let result = try project.run(["run", "wf.dig", "--session", "2024-01-01"])
        #expect(result.status != 0)
        #expect(result.stdout.contains("HTTP 4XX Client Error: GET \(server.base)/nope - 404 Not Found: not here"))
    }

    @Test func httpCallRunsTheFetchedWorkflow() throws {
        let server = try HttpTestServer([
            "/wf.json": [.init(
                headers: ["Content-Type": "application/json"],
                body: #"{"+first":{"echo>":"json ${name}"},"+second":{"echo>":"done"}}"#)],
            "/wf.yml": [.init(headers: ["Content-Type": "application/x-yaml"], body: "+y:\n  echo>: yaml ${name}\n")],
        ])
        defer { server.stop() }
        let project = try RunProject([
            "wf.dig": """
                _export: {name: N}
                +json:
                  http_call>: \(server.base)/wf.json
                +yaml:
                  http_call>: \(server.base)/wf.yml
                """,
        ])
        let result = try project.run(["run", "wf.dig", "--session", "2024-01-01"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(outputs(result) == ["json N", "done", "yaml N"])
        #expect(result.stdout.contains("+wf+json^sub+first"))
    }
}
