import DigdagHTTP
import Foundation

/// A request of `http>` that got no response, worded as Digdag's Java client words it.
struct HttpRequestFailure: Error, Sendable {
    /// The message, as Digdag shows it in `HTTP request failed. <message>`.
    var message: String
    /// The message with the exception class name Digdag shows when the request is not retried.
    var qualifiedMessage: String
}

/// Sends one `http>` request with the shared libcurl client (``CurlHttpClient``), honouring the
/// task's timeout, redirect policy, proxy and `insecure`.
enum HttpTransport {
    /// Sends `request` and returns the response of any status.
    ///
    /// - Throws: `HttpRequestFailure` when no response arrived, `CancellationError` when the
    ///   task was cancelled.
    static func send(_ request: CurlHttpRequest, options: HttpOptions) async throws -> HttpResponse {
        do {
            return try await CurlHttpClient.send(request, options: options.transferOptions)
        } catch let error as HttpTransportError {
            throw failure(error, timeout: options.timeout)
        }
    }

    /// Digdag's wording for the common failures (Java exception messages), curl's otherwise.
    static func failure(_ error: HttpTransportError, timeout: Int64) -> HttpRequestFailure {
        switch error.kind {
        case .connectionRefused:
            return HttpRequestFailure(
                message: "Connection refused", qualifiedMessage: "java.net.ConnectException: Connection refused")
        case .timeout:
            let message = "Total timeout \(timeout * 1000) ms elapsed"
            return HttpRequestFailure(
                message: message, qualifiedMessage: "java.util.concurrent.TimeoutException: \(message)")
        case .unknownHost:
            return HttpRequestFailure(
                message: error.host, qualifiedMessage: "java.net.UnknownHostException: \(error.host)")
        case .cancelled, .unavailable, .other:
            return HttpRequestFailure(message: error.detail, qualifiedMessage: error.detail)
        }
    }
}
