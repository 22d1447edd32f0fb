import DigdagCore
import DigdagOperatorKit
import DigdagOperators
import Foundation
import Testing

@Suite struct HttpRetryTests {
    @Test func serverErrorPollsWithBackoffState() async throws {
        let f = try HttpFixture(["/e": [.init(status: 500, body: "boom")]])
        defer { f.stop() }
        let first = await f.failure(path: "/e")
        #expect(first == .poll(afterSeconds: 1, stateParams: ["request": ["operation": [:], "retry": 1]]))
        #expect(
            f.logs.contains(
                "HTTP request failed. HTTP 5XX Server Error: GET \(f.server.base)/e - 500 Server Error: boom: "
                    + "retrying in 1 seconds"))
        let fourth = await f.failure(path: "/e", state: ["request": ["operation": [:], "retry": 3]])
        #expect(fourth == .poll(afterSeconds: 8, stateParams: ["request": ["operation": [:], "retry": 4]]))
        let late = await f.failure(path: "/e", state: ["request": ["operation": [:], "retry": 9]])
        #expect(late == .poll(afterSeconds: 30, stateParams: ["request": ["operation": [:], "retry": 10]]))
    }

    @Test func serverErrorFailsWhenRetryIsOff() async throws {
        let f = try HttpFixture(["/e": [.init(status: 503, body: "down")]])
        defer { f.stop() }
        let message = "HTTP 5XX Server Error: POST \(f.server.base)/e - 503 Service Unavailable: down"
        #expect(await f.failure(path: "/e", params: ["method": "POST"]) == .failed(message))
        #expect(
            await f.failure(path: "/e", params: ["retry": false])
                == .failed(message.replacingOccurrences(of: "POST", with: "GET")))
        // retry: true makes a POST retried
        if case .poll? = await f.failure(path: "/e", params: ["method": "POST", "retry": true]) {} else {
            Issue.record("expected a poll")
        }
    }

    @Test(arguments: [429, 408])
    func tooManyRequestsIsAlwaysRetried(status: Int) async throws {
        let f = try HttpFixture(["/busy": [.init(status: status, body: "later")]])
        defer { f.stop() }
        let error = await f.failure(path: "/busy", params: ["method": "POST", "retry": false])
        #expect(error == .poll(afterSeconds: 1, stateParams: ["request": ["operation": [:], "retry": 1]]))
        #expect(f.logs.contains { $0.hasPrefix("HTTP request failed. Failed HTTP request: POST ") })
    }

    @Test func succeedsAfterRetries() async throws {
        let f = try HttpFixture(["/flaky": [.init(status: 502), .init(body: "ok")]])
        defer { f.stop() }
        guard case .poll(_, let state)? = await f.failure(path: "/flaky") else {
            Issue.record("expected a poll")
            return
        }
        let result = try await f.run(path: "/flaky", state: state)
        #expect(result.storeParams == ["http": ["last_status": 200]])
    }

    @Test func retryLimitGivesUp() async throws {
        let f = try HttpFixture(["/e": [.init(status: 500, body: "boom")]])
        defer { f.stop() }
        let error = await f.failure(path: "/e", params: ["retry_limit": 2], state: ["request": ["retry": 2]])
        #expect(error == .failed("HTTP 5XX Server Error: GET \(f.server.base)/e - 500 Server Error: boom"))
        #expect(f.logs.last?.hasSuffix(": giving up") == true)
    }

    @Test func connectionRefused() async throws {
        let f = try HttpFixture([:])
        let base = f.server.base
        f.stop()
        let project = try TestProject()
        defer { project.remove() }
        let get = project.context(type: "http", command: .string(base + "/x"))
        await #expect(throws: OperatorError.poll(afterSeconds: 1, stateParams: ["request": ["operation": [:], "retry": 1]])) {
            try await HttpOperator().run(get)
        }
        #expect(project.logger.messages.contains("HTTP request failed. Connection refused: retrying in 1 seconds"))
        let post = project.context(type: "http", command: .string(base + "/x"), local: ["method": "POST"])
        await #expect(throws: OperatorError.failed("java.net.ConnectException: Connection refused")) {
            try await HttpOperator().run(post)
        }
    }

    @Test func timeout() async throws {
        let f = try HttpFixture(["/slow": [.init(body: "late", delay: 3)]])
        defer { f.stop() }
        let error = await f.failure(path: "/slow", params: ["timeout": 1, "retry": false])
        #expect(error == .failed("java.util.concurrent.TimeoutException: Total timeout 1000 ms elapsed"))
    }

    @Test func redirectsAreFollowedOrNot() async throws {
        let f = try HttpFixture([
            "/from": [.init(status: 302, headers: ["Location": "/to"])],
            "/to": [.init(body: "arrived")],
        ])
        defer { f.stop() }
        let followed = try await f.run(path: "/from", params: ["store_content": true])
        #expect(followed.storeParams == ["http": ["last_status": 200, "last_content": "arrived"]])
        let kept = try await f.run(path: "/from", params: ["follow_redirects": false])
        #expect(kept.storeParams == ["http": ["last_status": 302]])
        #expect(try f.server.requests().map(\.path) == ["/from", "/to", "/from"])
    }

    @Test func atMostEightRedirects() async throws {
        let f = try HttpFixture(["/loop": [.init(status: 302, headers: ["Location": "/loop"])]])
        defer { f.stop() }
        let error = await f.failure(path: "/loop", params: ["retry": false])
        #expect(error == .failed("Unexpected HTTP status: GET \(f.server.base)/loop - 302 Found: "))
        #expect(try f.server.requests().count == 9)
    }

    @Test func storeContentAndItsLimit() async throws {
        let big = String(repeating: "a", count: 70_000)
        let f = try HttpFixture(["/s": [.init(body: #"["x","y"]"#)], "/big": [.init(body: big)]])
        defer { f.stop() }
        let result = try await f.run(path: "/s", params: ["store_content": true])
        #expect(result.storeParams == ["http": ["last_status": 200, "last_content": #"["x","y"]"#]])
        #expect(result.resetStoreParams == ["http.last_status", "http.last_content"])
        #expect(await f.failure(path: "/big", params: ["store_content": true]) == .failed("Response content too large: 70000 > 65536"))
    }

    @Test func tooLongErrorBodiesAreNotShown() async throws {
        let f = try HttpFixture(["/big": [.init(status: 404, body: String(repeating: "b", count: 70_000))]])
        defer { f.stop() }
        #expect(
            await f.failure(path: "/big")
                == .failed("HTTP 4XX Client Error: GET \(f.server.base)/big - 404 Not Found: (too long response body)"))
    }

    @Test func userProxy() async throws {
        let f = try HttpFixture(["/p": [.init(body: "via proxy")]])
        defer { f.stop() }
        let result = try await f.run(
            HttpOperator(), uri: "http://digdag-proxy-test.invalid/p",
            params: ["proxy": ["enabled": true, "host": "127.0.0.1", "port": .int(Int64(f.server.port))]])
        #expect(result.storeParams == ["http": ["last_status": 200]])
        #expect(try f.server.requests().first?.target == "http://digdag-proxy-test.invalid/p")
    }
}
