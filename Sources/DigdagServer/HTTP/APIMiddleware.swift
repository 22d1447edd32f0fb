import DigdagCore
import DigdagProject
import DigdagRuntime
import DigdagStorage
import Foundation
import HTTPTypes
import Hummingbird

/// Authentication for `/api/*` (except `GET /api/version` and `OPTIONS`) and `/metrics`: basic auth as Digdag,
/// and beyond Digdag API tokens (`Authorization: Bearer ddt_...`) and read-only users. Digdag's
/// 401 bodies, 200 to `OPTIONS` (CORS preflight), and the configured extra response headers.
struct APIAccessMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let settings: ServerSettings
    /// The registered routes, to tell a wrong method (405) from an unknown path (404).
    let routes: RouteTable
    /// Where API tokens are looked up.
    let tokens: any AccessTokenStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let path = request.uri.path
        guard path.hasPrefix("/api/") || path == "/api" || path == "/metrics" else {
            return try await next(request, context)
        }
        var response: Response
        do {
            let principal = try await authenticate(request, path: path)
            if let principal, principal.readOnly, let refusal = ReadOnlyPolicy.refusal(method: request.method, path: path) {
                throw APIError(.forbidden, "Forbidden: \(refusal) (user \(principal.name))")
            }
            // OPTIONS is a browser's CORS preflight: 200 without credentials (as Digdag's JAX-RS
            // server answers it); the headers added below tell the browser what is allowed.
            response = request.method == .options
                ? Response(status: .ok, headers: [.contentLength: "0"])
                : try await Principal.$current.withValue(principal) { try await next(request, context) }
        } catch let error as APIError {
            response = try error.response(from: request, context: context)
            if error.status == .unauthorized, settings.sendsAuthenticationChallenge {
                response.headers[.wwwAuthenticate] = AuthenticationChallenge.header(for: request.headers)
            }
        } catch let error as HTTPError where error.status == .notFound {
            let allowed = routes.methods(for: path)
            if allowed.isEmpty {
                response = try APIError.notFound("Not found: \(path)").response(from: request, context: context)
            } else {
                response = try APIError(.methodNotAllowed, "HTTP 405 Method Not Allowed").response(
                    from: request, context: context)
                response.headers[.allow] = (allowed + [.options]).map(\.rawValue).joined(separator: ", ")
            }
        } catch let error as HTTPError where error.status == .methodNotAllowed {
            response = try APIError(.methodNotAllowed, "Method not allowed").response(from: request, context: context)
        }
        // On every answer, 401 included: a browser reads a cross-origin error only with them.
        for (name, value) in settings.extraHeaders {
            if let field = HTTPField.Name(name) { response.headers[field] = value }
        }
        return response
    }

    /// The request's principal; nil when the server has no authentication or the request needs none.
    private func authenticate(_ request: Request, path: String) async throws(APIError) -> Principal? {
        guard !settings.users.isEmpty, !(request.method == .get && path == "/api/version"), request.method != .options
        else { return nil }
        guard let header = request.headers[.authorization] else { throw APIError(.unauthorized, "Missing Authorization header") }
        if header.hasPrefix("Bearer ") {
            let token = header.dropFirst(7).trimmingCharacters(in: .whitespaces)
            let hash = AccessTokenText.hash(token)
            let tokens = self.tokens
            guard token.hasPrefix(AccessTokenText.prefix),
                let stored = try await stored({ () async throws(StoreError) in try await tokens.accessToken(hash: hash) })
            else { throw APIError(.unauthorized, "unauthorized") }
            return Principal(name: "token:\(stored.name)", readOnly: stored.readOnly)
        }
        guard header.hasPrefix("Basic "), let decoded = Data(base64Encoded: String(header.dropFirst(6))) else {
            throw APIError(.unauthorized, "unauthorized")
        }
        // Every user is compared, matched or not, so that the time taken does not tell which
        // user names exist.
        var match: ServerUser?
        for user in settings.users
        where ConstantTimeComparison.equal(Array(decoded), Array("\(user.name):\(user.password)".utf8)) {
            match = user
        }
        guard let match else { throw APIError(.unauthorized, "unauthorized") }
        return Principal(name: match.name, readOnly: match.readOnly)
    }
}

/// gzip: inflates request bodies sent with `Content-Encoding: gzip`, compresses responses
/// when `Accept-Encoding` allows it (as Digdag's server does).
struct ContentEncodingMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let maxBody: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var request = request
        if let encoding = request.headers[.contentEncoding]?.lowercased(), encoding != "identity" {
            guard encoding == "gzip" else {
                throw APIError.badRequest("Content-Encoding: \(encoding) is not supported; send the body as is or gzip it")
            }
            let body = try await request.body.collect(upTo: maxBody)
            guard let inflated = Gzip.decompress(Array(buffer: body)) else {
                throw APIError.badRequest("Request body is not valid gzip data")
            }
            var head = request.head
            head.headerFields[.contentEncoding] = nil
            head.headerFields[.contentLength] = String(inflated.count)
            request = Request(head: head, body: RequestBody(buffer: ByteBuffer(bytes: inflated)))
        }
        var response = try await next(request, context)
        guard let accept = request.headers[.acceptEncoding]?.lowercased(), accept.contains("gzip"),
            response.headers[.contentEncoding] == nil,
            response.headers[.contentType] == "application/json"
        else { return response }
        let body = try await collect(response.body)
        guard body.count > 256 else {
            response.body = ResponseBody(byteBuffer: ByteBuffer(bytes: body))
            return response
        }
        let compressed = Gzip.compress(body, level: .fastest)
        response.headers[.contentEncoding] = "gzip"
        response.headers[.contentLength] = String(compressed.count)
        response.body = ResponseBody(byteBuffer: ByteBuffer(bytes: compressed))
        return response
    }

    private func collect(_ body: ResponseBody) async throws -> [UInt8] {
        let writer = CollectingWriter()
        try await body.write(writer)
        return writer.bytes
    }
}

/// Collects a response body in memory (JSON responses only).
private final class CollectingWriter: ResponseBodyWriter {
    var bytes: [UInt8] = []

    func write(_ buffer: ByteBuffer) async throws { bytes.append(contentsOf: buffer.readableBytesView) }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
