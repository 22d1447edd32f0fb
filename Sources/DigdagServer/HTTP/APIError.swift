import DigdagAPI
import DigdagCore
import DigdagStorage
import Hummingbird

/// An error answered as Digdag does: `{"message": ..., "status": N}` with that status.
public struct APIError: Error, HTTPResponseError, Sendable {
    /// HTTP status.
    public var status: HTTPResponse.Status
    /// Message for the client.
    public var message: String

    /// Creates an error.
    public init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    /// 400 Bad Request.
    public static func badRequest(_ message: String) -> APIError { APIError(.badRequest, message) }
    /// 404 with Digdag's `Resource does not exist: ...` text.
    public static func notFound(_ message: String) -> APIError { APIError(.notFound, message) }
    /// 409 Conflict.
    public static func conflict(_ message: String) -> APIError { APIError(.conflict, message) }

    /// Maps a storage failure: conflicts 409, missing rows 404, others 500.
    public static func from(_ error: StoreError) -> APIError {
        switch error.code {
        case .conflict: APIError(.conflict, error.message)
        case .notFound: APIError(.notFound, error.message)
        default: APIError(.internalServerError, error.message)
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body: ConfigValue = ["message": .string(message), "status": .int(Int64(status.code))]
        return JSONResponse.make(body, status: status)
    }
}

/// JSON responses.
enum JSONResponse {
    static func make(_ value: ConfigValue, status: HTTPResponse.Status = .ok) -> Response {
        var buffer = ByteBuffer()
        buffer.writeString(JSONText.compact(value))
        return Response(
            status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: buffer))
    }

    static func make(_ model: some JSONEncodableModel, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: model.jsonBytes)))
    }
}

/// Runs a storage call, turning its errors into API errors.
func stored<T>(_ body: () async throws(StoreError) -> T) async throws(APIError) -> T {
    do { return try await body() } catch { throw APIError.from(error) }
}
