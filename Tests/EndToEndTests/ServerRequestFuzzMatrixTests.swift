import Foundation
import Testing

/// Every API endpoint with hostile values in every path id, query parameter and body field:
/// wrong JSON types, deep nesting, huge arrays and strings, unknown fields, negative and
/// overflowing numbers, malformed times and time zones, invalid UTF-8. Each answer is a 2xx or
/// a 4xx with a JSON message (never a 5xx, never a hang), and the server keeps serving.
@Suite(.serialized) struct ServerRequestFuzzMatrixTests {
    /// Hostile path segments and query values (already percent-encoded where needed).
    static let textValues = [
        "-1", "0", "9223372036854775808", "99999999999999999999999", "1e3", "abc", "%00", "%FF%FE", "%E2%80%AE",
        "2024-13-45T99:99:99Z", "2024-01-01T00:00:00+99:00", "now", "Mars%2FOlympus", String(repeating: "a", count: 5000),
        "..%2F..%2Fetc%2Fpasswd", "%7B%22a%22%3A1%7D", "",
    ]

    /// Hostile JSON values for body fields.
    static let jsonValues: [String] = [
        "1", "-1", "9223372036854775808", "1e309", "-0.0", "true", "null", "\"\"", "\"x\"", "[]", "{}", "[1,2,3]",
        "\"2024-13-45T99:99:99Z\"", "\"2024-01-01T00:00:00+99:00\"", "\"Mars/Olympus\"", "\"\\u0000\"",
        "\"" + String(repeating: "z", count: 100_000) + "\"", "[" + Array(repeating: "0", count: 50_000).joined(separator: ",") + "]",
        String(repeating: "[", count: 500) + String(repeating: "]", count: 500),
        "{\"unknown\":{\"deep\":[1,{\"x\":null}]}}",
    ]

    /// Body fields each JSON endpoint reads.
    static let bodies: [(method: String, path: String, fields: [String])] = [
        ("PUT", "/api/attempts", ["workflowId", "sessionTime", "retryAttemptName", "params"]),
        ("POST", "/api/schedules/1/skip", ["nextTime", "count", "fromTime", "nextRunTime", "dryRun"]),
        ("POST", "/api/schedules/1/backfill", ["fromTime", "attemptName", "count", "dryRun"]),
        ("PUT", "/api/projects/1/secrets/k", ["value"]),
        ("POST", "/api/tokens", ["name", "readOnly"]),
        ("POST", "/api/attempts/1/kill", ["anything"]),
        ("POST", "/api/schedules/1/disable", ["anything"]),
    ]

    /// Endpoints and the query parameters they read.
    static let queries: [(method: String, path: String, parameters: [String])] = [
        ("GET", "/api/projects", ["name", "last_id", "count", "name_pattern"]),
        ("GET", "/api/project", ["name"]),
        ("GET", "/api/projects/1/workflows", ["revision", "name", "last_id", "count"]),
        ("GET", "/api/projects/1/workflow", ["name", "revision"]),
        ("GET", "/api/projects/1/sessions", ["workflow", "last_id", "page_size"]),
        ("GET", "/api/projects/1/schedules", ["workflow", "last_id"]),
        ("GET", "/api/projects/1/archive", ["revision", "direct_download"]),
        ("GET", "/api/projects/1/revisions", ["last_id"]),
        ("GET", "/api/workflows", ["last_id", "count", "order", "name_pattern", "search_project_name"]),
        ("GET", "/api/workflows/1/truncated_session_time", ["session_time", "mode"]),
        ("GET", "/api/workflow", ["project", "name"]),
        ("GET", "/api/sessions", ["last_id", "page_size"]),
        ("GET", "/api/sessions/1/attempts", ["last_id", "page_size"]),
        ("GET", "/api/attempts", ["project", "workflow", "include_retried", "last_id", "page_size"]),
        ("GET", "/api/attempts/1/tasks", ["last_id"]),
        ("GET", "/api/logs/1/files", ["task", "direct_download"]),
        ("GET", "/api/schedules", ["last_id"]),
        ("GET", "/api/version/check", ["client"]),
        ("PUT", "/api/projects", ["project", "revision", "schedule_from", "clear_schedule", "clear_schedule_all"]),
    ]

    /// Paths with an id or name segment to replace.
    static let idPaths = [
        "/api/projects/{}", "/api/projects/{}/archive", "/api/projects/{}/sessions", "/api/projects/{}/workflows/{}",
        "/api/attempts/{}", "/api/attempts/{}/tasks", "/api/attempts/{}/retries", "/api/sessions/{}",
        "/api/sessions/{}/attempts", "/api/logs/{}/files", "/api/logs/1/files/{}", "/api/schedules/{}",
        "/api/workflows/{}", "/api/projects/1/secrets/{}", "/api/tokens/{}",
    ]

    @Test func noRequestGetsAServerError() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let project = try RunProject([
            "wf.dig": "timezone: Asia/Tokyo\nschedule:\n  daily>: 07:00:00\n+a:\n  echo>: x\n",
        ])
        #expect(try await server.push(project.temp.url, project: "p", revision: "r1").status == 200)
        _ = try await server.putJSON(
            "/api/attempts", ["workflowId": "1", "sessionTime": "2024-01-01T00:00:00+09:00", "params": [:]])
        _ = try await server.waitForAttempt("1")

        var sent = 0
        var failures: [String] = []
        func check(_ method: String, _ path: String, body: Data? = nil) async throws {
            sent += 1
            var headers: [String: String] = [:]
            if body != nil { headers["Content-Type"] = method == "PUT" && path.hasPrefix("/api/projects?") ? "application/gzip" : "application/json" }
            let reply = try await server.request(method, path, body: body, headers: headers)
            if reply.status >= 500 {
                failures.append("\(method) \(path.prefix(120)) \(body.map { String(decoding: $0.prefix(80), as: UTF8.self) } ?? ""): \(reply.status) \(reply.text.prefix(200))")
            }
        }
        for endpoint in Self.bodies {
            for field in endpoint.fields {
                for value in Self.jsonValues {
                    try await check(endpoint.method, endpoint.path, body: Data("{\"\(field)\":\(value)}".utf8))
                }
            }
            for raw in ["", "[]", "null", "\"x\"", "{", "{\"a\":1,\"a\":2}", "\u{FF}\u{FE}"] {
                try await check(endpoint.method, endpoint.path, body: Data(raw.utf8))
            }
            // Invalid UTF-8, alone and after a valid start.
            try await check(endpoint.method, endpoint.path, body: Data([0xFF, 0xFE]))
            try await check(endpoint.method, endpoint.path, body: Data("{\"a\":\"".utf8) + Data([0xFF, 0xFE]) + Data("\"}".utf8))
        }
        for endpoint in Self.queries {
            for parameter in endpoint.parameters {
                for value in Self.textValues {
                    let separator = endpoint.path.contains("?") ? "&" : "?"
                    try await check(endpoint.method, "\(endpoint.path)\(separator)\(parameter)=\(value)", body: endpoint.method == "PUT" ? Data() : nil)
                }
            }
        }
        for path in Self.idPaths {
            for value in Self.textValues where !value.isEmpty && value.count < 1000 {
                try await check("GET", path.replacingOccurrences(of: "{}", with: value))
            }
        }
        print("request matrix: \(sent) requests, \(failures.count) server errors")
        #expect(failures.isEmpty, "\(failures.count) requests got a 5xx:\n\(failures.prefix(30).joined(separator: "\n"))")
        #expect(try await server.request("GET", "/api/version").status == 200)
        // The hostile writes stored nothing odd: still one project, and only plain token names.
        #expect((try await server.get("/api/projects")["projects"] as? [Any])?.count == 1)
        let tokens = try #require(try await server.get("/api/tokens")["tokens"] as? [[String: Any]])
        for token in tokens {
            let name = token["name"] as? String ?? ""
            #expect(!name.isEmpty && name.count <= 128 && !name.contains("\u{0}"), "token name \(name.prefix(40))")
        }
    }
}
