import DigdagConsole
import HTTPTypes
import Hummingbird
import NIOCore

/// Serves the web console (everything but `/api` and `/metrics`) from the files found at first use.
struct ConsoleMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    /// Read on the first console request, not at server start.
    private static let responder = ConsoleResponder(assets: ConsoleLocation.load())

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let path = request.uri.path
        if path == "/api" || path.hasPrefix("/api/") || path == "/metrics" { return try await next(request, context) }
        guard
            let answer = Self.responder.respond(
                method: request.method.rawValue, path: path, ifNoneMatch: request.headers[.ifNoneMatch],
                acceptEncoding: request.headers[.acceptEncoding])
        else { return try await next(request, context) }
        var headers = HTTPFields()
        for (name, value) in answer.headers {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        headers[.contentLength] = String(answer.body.count)
        return Response(
            status: HTTPResponse.Status(code: answer.status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
    }
}
