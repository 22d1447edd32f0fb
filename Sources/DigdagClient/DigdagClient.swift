import DigdagAPI
import DigdagCore
import DigdagHTTP
import Foundation

/// Digdag's REST client (`digdag-client/.../DigdagClient.java`) over libcurl.
///
/// GETs (and archive and log downloads) are retried up to 10 times, waiting 2, 4, 8, ... ms,
/// when no answer came or the server answered 5xx, 408 or 429; other requests are sent once.
/// Errors are ``DigdagClientError`` values carrying the text Digdag's CLI prints.
///
/// ```swift
/// let client = DigdagClient(configuration: DigdagClientConfiguration(endpoint: try DigdagEndpoint(parsing: "localhost:65432")))
/// let project = try await client.project(named: "mydag")
/// ```
package struct DigdagClient: Sendable {
    /// Sends one request; replaceable in tests.
    package typealias Transport = @Sendable (CurlHttpRequest, CurlTransferOptions) async throws -> HttpResponse
    /// Waits between retries; replaceable in tests.
    package typealias Sleeper = @Sendable (Duration) async -> Void

    /// Attempts of a retried GET.
    static let maxAttempts = 10

    /// Where and how requests are sent.
    package let configuration: DigdagClientConfiguration
    private let transport: Transport
    private let sleeper: Sleeper

    /// Creates a client; by default it sends with libcurl and really sleeps between retries.
    package init(
        configuration: DigdagClientConfiguration,
        transport: @escaping Transport = { try await CurlHttpClient.send($0, options: $1) },
        sleeper: @escaping Sleeper = { try? await Task.sleep(for: $0) }
    ) {
        self.configuration = configuration
        self.transport = transport
        self.sleeper = sleeper
    }

    // MARK: URLs

    /// The URL of `path` on the server with the non-nil query parameters, percent-encoded.
    func url(_ path: String, _ query: [(String, String?)] = []) -> String {
        var text = configuration.endpoint.baseURL + path
        let pairs = query.compactMap { pair in pair.1.map { "\(Self.encode(pair.0))=\(Self.encode($0))" } }
        if !pairs.isEmpty { text += "?" + pairs.joined(separator: "&") }
        return text
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters (for query values and
    /// path segments alike).
    static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }

    // MARK: Sending

    /// GET with retries; returns a 2xx answer. `withHeaders: false` sends none of the configured
    /// headers (redirect targets, direct download URLs).
    func getRaw(_ url: String, withHeaders: Bool = true) async throws(DigdagClientError) -> HttpResponse {
        let request = CurlHttpRequest(
            url: url, method: "GET",
            headers: configuration.requestHeaders(contentType: nil, includeConfigured: withHeaders))
        var attempt = 1
        while true {
            let outcome = await exchange(request)
            switch outcome {
            case .success(let response) where (200..<300).contains(response.status):
                return response
            case .success(let response):
                let status = response.status
                let deterministic = (300..<500).contains(status) && status != 408 && status != 429
                if deterministic || attempt >= Self.maxAttempts {
                    throw Self.getError(response)
                }
            case .failure(let error):
                if attempt >= Self.maxAttempts { throw error }
            }
            await sleeper(.milliseconds(1 << attempt))
            attempt += 1
        }
    }

    /// GET with retries, read as a JSON object.
    func getJSON(_ path: String, _ query: [(String, String?)] = []) async throws(DigdagClientError) -> JSONObjectReader {
        try Self.readJSON(try await getRaw(url(path, query)))
    }

    /// PUT, POST or DELETE sent once; returns a 2xx answer read as a JSON object.
    func sendJSON(
        _ method: String, _ path: String, _ query: [(String, String?)] = [], body: ConfigValue? = nil
    ) async throws(DigdagClientError) -> JSONObjectReader {
        let data = body.map { Data(JSONText.compact($0).utf8) }
        let response = try await send(method, url(path, query), body: data, contentType: body == nil ? nil : "application/json")
        return response.body.isEmpty ? JSONObjectReader.empty : try Self.readJSON(response)
    }

    /// PUT, POST or DELETE sent once; returns a 2xx answer.
    func send(_ method: String, _ url: String, body: Data?, contentType: String?) async throws(DigdagClientError)
        -> HttpResponse
    {
        let request = CurlHttpRequest(
            url: url, method: method,
            headers: configuration.requestHeaders(contentType: contentType, includeConfigured: true), body: body)
        let response = try await exchange(request).get()
        guard (200..<300).contains(response.status) else { throw Self.sendError(response) }
        return response
    }

    private func exchange(_ request: CurlHttpRequest) async -> Result<HttpResponse, DigdagClientError> {
        do {
            return .success(try await transport(request, configuration.transferOptions))
        } catch let error as HttpTransportError {
            return .failure(Self.transportError(error))
        } catch {
            return .failure(DigdagClientError(.transport, "\(error)"))
        }
    }
}
