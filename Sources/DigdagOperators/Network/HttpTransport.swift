import CCurl
import Dispatch
import Foundation


/// A received HTTP response.
struct HttpResponse: Sendable {
    /// The status code.
    var status: Int
    /// Header values by lower-cased name.
    var headers: [String: String]
    /// The body bytes.
    var body: Data
    /// True when the response is a redirect that was not followed because the redirect limit
    /// was reached (Digdag's client then reports it as an error).
    var redirectLimitReached: Bool = false

    /// The body decoded as UTF-8 (invalid bytes replaced), as Digdag reads bodies without a charset.
    var text: String { String(decoding: body, as: UTF8.self) }

    /// The media type without parameters (`application/json`), or nil when no Content-Type is set.
    var mediaType: String? {
        guard let value = headers["content-type"] else { return nil }
        let type = value.split(separator: ";", maxSplits: 1).first.map(String.init) ?? value
        let trimmed = type.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }
}

/// A request that got no response: connection refused, timeout, TLS failure, ...
struct HttpTransportError: Error, Sendable {
    /// The message, as Digdag shows it in `HTTP request failed. <message>`.
    var message: String
    /// The message with the exception class name Digdag shows when the request is not retried.
    var qualifiedMessage: String
}

/// Sends one request with libcurl, honouring the request's timeout, redirect policy, proxy
/// and `insecure`. Nothing is shared between requests.
///
/// libcurl blocks, so the transfer runs on a Dispatch thread, never on the cooperative pool;
/// cancelling the Swift task aborts it.
enum HttpTransport {
    /// Sends `request` and returns the response of any status.
    ///
    /// - Throws: `HttpTransportError` when no response arrived, `CancellationError` when the
    ///   task was cancelled.
    static func send(_ exchange: CurlHttpRequest, options: HttpOptions) async throws -> HttpResponse {
        _ = CurlGlobal.initialized
        let cancelled = CancelFlag()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HttpResponse, any Error>) in
                DispatchQueue.global().async {
                    let transfer = CurlHttpTransfer(exchange, options: options, cancelled: cancelled)
                    continuation.resume(with: Result { try transfer.perform() })
                }
            }
        } onCancel: {
            cancelled.cancel()
        }
    }

    /// Digdag's wording for the common failures (Java exception messages), curl's otherwise.
    static func transportError(_ code: CURLcode, detail: String, host: String, timeout: Int64) -> HttpTransportError {
        switch code {
        case CURLE_COULDNT_CONNECT:
            return HttpTransportError(
                message: "Connection refused", qualifiedMessage: "java.net.ConnectException: Connection refused")
        case CURLE_OPERATION_TIMEDOUT:
            let message = "Total timeout \(timeout * 1000) ms elapsed"
            return HttpTransportError(
                message: message, qualifiedMessage: "java.util.concurrent.TimeoutException: \(message)")
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return HttpTransportError(message: host, qualifiedMessage: "java.net.UnknownHostException: \(host)")
        default:
            let message = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
            return HttpTransportError(message: message, qualifiedMessage: message)
        }
    }
}
