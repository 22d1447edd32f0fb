import DigdagCore
import DigdagOperatorKit
import DigdagOperators
import Foundation
import Testing

@Suite struct HttpOperatorTests {
    @Test func getStoresStatusAndSendsDigdagUserAgent() async throws {
        let f = try HttpFixture(["/ok": [.init(body: "fine")]])
        defer { f.stop() }
        let result = try await f.run(path: "/ok")
        #expect(result.storeParams == ["http": ["last_status": 200]])
        #expect(result.resetStoreParams == ["http.last_status"])
        let request = try #require(try f.server.requests().first)
        #expect(request.method == "GET")
        #expect(request.header("User-Agent") == "Digdag/0.10.5")
        #expect(f.logs.first == "Sending HTTP request: GET \(f.server.base)/ok")
    }

    @Test(arguments: ["post", "PUT", "delete", "PATCH", "HEAD", "OPTIONS"])
    func methodsAreUpperCased(method: String) async throws {
        let f = try HttpFixture(["/m": [.init(status: 204)]])
        defer { f.stop() }
        let result = try await f.run(path: "/m", params: ["method": .string(method)])
        #expect(result.storeParams == ["http": ["last_status": 204]])
        #expect(try f.server.requests().map(\.method) == [method.uppercased()])
    }

    @Test func getMayCarryContent() async throws {
        let f = try HttpFixture(["/g": [.init()]])
        defer { f.stop() }
        _ = try await f.run(path: "/g", params: ["content": "payload"])
        let request = try #require(try f.server.requests().first)
        #expect(request.method == "GET")
        #expect(request.body == "payload")
    }

    @Test func optionsMayBeGivenUnderHttp() async throws {
        let f = try HttpFixture(["/m": [.init()]])
        defer { f.stop() }
        _ = try await f.run(path: "/m", params: ["http": ["method": "PUT", "content": "x"]])
        let request = try #require(try f.server.requests().first)
        #expect(request.method == "PUT")
        #expect(request.body == "x")
    }

    @Test(arguments: [
        (ConfigValue.string("hello"), nil, nil, "hello", "plain/text"),
        (42, nil, nil, "42", "plain/text"),
        (["a": 1, "b": "x"], nil, nil, #"{"a":1,"b":"x"}"#, "application/json"),
        ([1, 2], nil, nil, "[1,2]", "application/json"),
        (["a": "x y&z", "b": 2], "form", nil, "a=x+y%26z&b=2", "application/x-www-form-urlencoded"),
        ("s", "JSON", nil, #""s""#, "application/json"),
        (["a": 1], "json", "application/vnd.test+json", #"{"a":1}"#, "application/vnd.test+json"),
        ("t", "text", "text/csv", "t", "text/csv"),
    ] as [(ConfigValue, String?, String?, String, String)])
    func contentFormats(content: ConfigValue, format: String?, type: String?, body: String, contentType: String)
        async throws
    {
        let f = try HttpFixture(["/c": [.init()]])
        defer { f.stop() }
        var params: Config = ["method": "POST", "content": content]
        if let format { params["content_format"] = .string(format) }
        if let type { params["content_type"] = .string(type) }
        _ = try await f.run(path: "/c", params: params)
        let request = try #require(try f.server.requests().first)
        #expect(request.body == body)
        #expect(request.header("Content-Type") == contentType)
    }

    @Test(arguments: [
        (["a": 1] as ConfigValue, "text", "Invalid content format for objects: 'text'"),
        ([1], "form", "Invalid content format for arrays: 'form'"),
        ("s", "form", "Invalid content format for strings: 'form'"),
        (["a": ["b": 1]], "form", #"Invalid form content field value: {"b":1}"#),
    ] as [(ConfigValue, String, String)])
    func contentFormatErrors(content: ConfigValue, format: String, message: String) async throws {
        let f = try HttpFixture(["/c": [.init()]])
        defer { f.stop() }
        let error = await f.failure(path: "/c", params: ["method": "POST", "content": content, "content_format": .string(format)])
        #expect(error == .config(message))
        #expect(try f.server.requests().isEmpty)
    }

    @Test func headersQueryAndSecretsInThem() async throws {
        let f = try HttpFixture(["/q": [.init()]])
        defer { f.stop() }
        _ = try await f.run(
            path: "/q?fixed=1&token=${secret:api.token}",
            params: [
                "headers": [["X-One": "1"], ["X-Key": "k ${secret:api.token}"], ["X-One": "again"]],
                "query": ["name": "a b", "n": 3, "s": "${secret:api.token}"],
            ],
            secrets: ["api.token": "S3CRET"])
        let request = try #require(try f.server.requests().first)
        #expect(request.query == "fixed=1&token=S3CRET&name=a+b&n=3&s=S3CRET")
        #expect(request.header("X-Key") == "k S3CRET")
        // a repeated header is sent as two lines, as Digdag's Jetty client does
        let values = request.headers.filter { $0.first?.lowercased() == "x-one" }.compactMap { $0.count > 1 ? $0[1] : nil }
        #expect(values == ["1", "again"])
        #expect(!f.logs.joined().contains("S3CRET"))
        #expect(f.logs.first == "Sending HTTP request: GET http://***")
    }

    @Test func secretsInQueryAreMaskedInLogsAndErrors() async throws {
        let f = try HttpFixture(["/q": [.init(status: 401, body: "who?")]])
        defer { f.stop() }
        let error = await f.failure(path: "/q", params: ["query": ["key": "${secret:k}"]], secrets: ["k": "HIDDEN"])
        #expect(error == .failed("HTTP 4XX Client Error: GET \(f.server.base)/q?*** - 401 Unauthorized: who?"))
        #expect(try f.server.requests().first?.query == "key=HIDDEN")
        #expect(!f.logs.joined().contains("HIDDEN"))
    }

    @Test func queryAsString() async throws {
        let f = try HttpFixture(["/q": [.init()]])
        defer { f.stop() }
        _ = try await f.run(path: "/q", params: ["query": "a=1&b=x+y&c=%2F"])
        #expect(try f.server.requests().first?.query == "a=1&b=x+y&c=%2F")
    }

    @Test func authorizationSecret() async throws {
        let f = try HttpFixture(["/a": [.init()]])
        defer { f.stop() }
        _ = try await f.run(path: "/a", secrets: ["http.authorization": "Bearer T0KEN"])
        #expect(try f.server.requests().first?.header("Authorization") == "Bearer T0KEN")
        #expect(!f.logs.joined().contains("T0KEN"))
    }

    @Test func basicAuthSecrets() async throws {
        let f = try HttpFixture(["/a": [.init()]])
        defer { f.stop() }
        _ = try await f.run(path: "/a", secrets: ["http.user": "alice", "http.password": "pw"])
        #expect(try f.server.requests().first?.header("Authorization") == "Basic YWxpY2U6cHc=")
    }

    @Test func uriSecretReplacesTheCommandAndIsMasked() async throws {
        let f = try HttpFixture(["/hidden": [.init(status: 404, body: "nope")]])
        defer { f.stop() }
        let error = await f.failure(path: "/ignored", secrets: ["http.uri": f.server.base + "/hidden"])
        #expect(error == .failed("HTTP 4XX Client Error: GET http://*** - 404 Not Found: nope"))
        #expect(try f.server.requests().map(\.path) == ["/hidden"])
    }

    @Test func notFoundFailsHardWithDigdagsMessage() async throws {
        let long = String(repeating: "x", count: 300)
        let f = try HttpFixture(["/gone": [.init(status: 404, body: "missing thing")], "/long": [.init(status: 400, body: long)]])
        defer { f.stop() }
        #expect(
            await f.failure(path: "/gone")
                == .failed("HTTP 4XX Client Error: GET \(f.server.base)/gone - 404 Not Found: missing thing"))
        #expect(
            await f.failure(path: "/long", params: ["method": "post"])
                == .failed("HTTP 4XX Client Error: POST \(f.server.base)/long - 400 Bad Request: "
                    + String(repeating: "x", count: 197) + "..."))
    }

    @Test func userInfoIsLeftOutOfMessages() async throws {
        let f = try HttpFixture(["/u": [.init(status: 403)]])
        defer { f.stop() }
        let uri = "http://bob:pw@127.0.0.1:\(f.server.port)/u"
        do {
            _ = try await f.run(HttpOperator(), uri: uri)
            Issue.record("expected a failure")
        } catch let error as OperatorError {
            #expect(error == .failed("HTTP 4XX Client Error: GET \(f.server.base)/u - 403 Forbidden: "))
        }
    }
}
