import DigdagClient
import Testing

/// `-e` forms, as Digdag's `ClientCommand.buildClient` reads them.
@Suite struct ClientEndpointTests {
    @Test(arguments: [
        ("localhost", "http://localhost:80"),
        ("localhost:65432", "http://localhost:65432"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("https://digdag.example.com", "https://digdag.example.com:443"),
        ("https://digdag.example.com:8443/", "https://digdag.example.com:8443"),
        ("http://h:9/path", "http://h:9"),
    ])
    func forms(text: String, expected: String) throws {
        #expect(try DigdagEndpoint(parsing: text).baseURL == expected)
    }

    @Test func unknownScheme() {
        #expect(throws: DigdagClientError.self) { try DigdagEndpoint(parsing: "ftp://x:1") }
        do {
            _ = try DigdagEndpoint(parsing: "ftp://x:1")
        } catch {
            #expect(error.message == "Endpoint must start with http:// or https://: ftp://x:1")
        }
    }

    @Test func badPort() {
        do {
            _ = try DigdagEndpoint(parsing: "localhost:abc")
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "For input string: \"abc\" (number format)")
        }
    }
}
