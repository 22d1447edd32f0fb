import DigdagClient
import DigdagHTTP
import Foundation
import Synchronization
import Testing

/// Retries, headers and error texts of ``DigdagClient`` against a scripted transport.
@Suite struct ClientRetryTests {
    /// Replays answers and records requests.
    final class Script: Sendable {
        let answers: Mutex<[Result<HttpResponse, HttpTransportError>]>
        let requests = Mutex<[CurlHttpRequest]>([])
        let sleeps = Mutex<[Duration]>([])

        init(_ answers: [Result<HttpResponse, HttpTransportError>]) { self.answers = Mutex(answers) }

        var client: DigdagClient {
            DigdagClient(
                configuration: DigdagClientConfiguration(
                    endpoint: DigdagEndpoint(host: "127.0.0.1", port: 1, tls: false),
                    headers: [("X-Team", "a"), ("Authorization", "Basic eDp5")]),
                transport: { request, _ in
                    self.requests.withLock { $0.append(request) }
                    let next = self.answers.withLock { $0.isEmpty ? nil : $0.removeFirst() }
                    guard let next else { throw HttpTransportError(kind: .other, detail: "no more answers", host: "") }
                    return try next.get()
                },
                sleeper: { duration in self.sleeps.withLock { $0.append(duration) } })
        }
    }

    static func json(_ status: Int, _ text: String) -> Result<HttpResponse, HttpTransportError> {
        .success(HttpResponse(status: status, headers: ["content-type": "application/json"], body: Data(text.utf8)))
    }

    static let version = #"{"serverVersion":"0.10.5","upgradeRecommended":false,"apiCompatible":true}"#

    @Test func getRetriesServerErrorsThenSucceeds() async throws {
        let script = Script([Self.json(503, "{}"), Self.json(429, "{}"), Self.json(200, Self.version)])
        let result = try await script.client.checkClientVersion()
        #expect(result.serverVersion == "0.10.5")
        #expect(script.requests.withLock { $0.count } == 3)
        #expect(script.sleeps.withLock { $0 } == [.milliseconds(2), .milliseconds(4)])
        let request = try #require(script.requests.withLock { $0.first })
        #expect(request.url == "http://127.0.0.1:1/api/version/check?client=0.10.5")
        let names = request.headers.map(\.name)
        #expect(names == ["Accept", "X-Team", "Authorization", "User-Agent"])
        #expect(request.headers.last?.value == "DigdagClient/0.10.5")
    }

    @Test func getDoesNotRetryClientErrors() async throws {
        let script = Script([Self.json(404, #"{"message":"nope","status":404}"#)])
        do {
            _ = try await script.client.session(id: 9)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .clientError && error.status == 404)
            #expect(error.body == "HTTP 404 Not Found")
        }
        #expect(script.requests.withLock { $0.count } == 1)
    }

    @Test func getGivesUpAfterTenAttempts() async throws {
        let refused = HttpTransportError(kind: .connectionRefused, detail: "refused", host: "127.0.0.1")
        let script = Script(Array(repeating: .failure(refused), count: 10))
        do {
            _ = try await script.client.serverVersion()
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "RESTEASY004655: Unable to invoke request (processing)\n> Connection refused (Connection refused) (connect)")
        }
        #expect(script.requests.withLock { $0.count } == 10)
        #expect(script.sleeps.withLock { $0.count } == 9)
    }

    @Test func putIsSentOnceAndShowsTheBody() async throws {
        let body = #"{"message":"Size of the uploaded archive file exceeds limit (2097152 bytes)","status":400}"#
        let script = Script([Self.json(400, body)])
        do {
            _ = try await script.client.putProjectRevision(project: "p", revision: "r", archive: Data([1, 2]))
            Issue.record("expected an error")
        } catch {
            #expect(error.status == 400 && error.body == body)
        }
        let request = try #require(script.requests.withLock { $0.first })
        #expect(request.method == "PUT" && request.body == Data([1, 2]))
        #expect(request.url == "http://127.0.0.1:1/api/projects?project=p&revision=r")
        #expect(request.headers.contains { $0 == ("Content-Type", "application/gzip") })
    }

    @Test func serverErrorOfAPost() async throws {
        let script = Script([Self.json(500, "oops")])
        do {
            try await script.client.killAttempt(id: 3)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .serverError)
            #expect(error.message == "HTTP 500 Internal Server Error (internal server error)")
        }
        #expect(script.requests.withLock { $0.first?.body } == Data("{}".utf8))
    }

    @Test func projectLookupByName() async throws {
        let script = Script([Self.json(200, #"{"projects":[]}"#)])
        do {
            _ = try await script.client.project(named: "a b+c")
            Issue.record("expected an error")
        } catch {
            #expect(error.isNotFound && error.body == "project not found: a b+c")
        }
        #expect(script.requests.withLock { $0.first?.url } == "http://127.0.0.1:1/api/projects?name=a%20b%2Bc")
    }
}
