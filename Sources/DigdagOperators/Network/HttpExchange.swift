import DigdagCore
import DigdagHTTP
import DigdagOperatorKit
import Foundation

/// Sends a request and judges the response the way Digdag's `http>` does, retrying through
/// polling (`PollingRetryExecutor`): a retryable failure throws `OperatorError.poll` with the
/// retry count in the state params (`{request: {operation: {}, retry: N}}`) and a backoff of
/// 1, 2, 4, ... seconds capped at 30. Digdag has no retry limit; `retry_limit` adds one.
enum HttpExchange {
    /// The state params key of the retry state.
    static let stateKey = "request"
    /// The longest wait between retries, in seconds.
    static let maxInterval = 30

    /// Sends `spec` and returns a 2xx or 3xx response.
    ///
    /// - Throws: `OperatorError.failed` for hard failures, `OperatorError.poll` to retry later.
    static func perform(_ spec: HttpRequestSpec, options: HttpOptions, context: OperatorContext) async throws
        -> HttpResponse
    {
        let logger = context.logger
        logger.log(.info, "Sending HTTP request: \(spec.method) \(spec.safeURI)")
        let response: HttpResponse
        do {
            response = try await HttpTransport.send(spec.curlRequest(options: options), options: options)
        } catch let error as HttpRequestFailure {
            logger.log(.warn, "Exception without response: \(spec.method) \(spec.safeURI)")
            guard options.retry else { throw OperatorError.failed(error.qualifiedMessage) }
            throw retryLater(error.message, options: options, context: context)
        }
        logger.log(
            .info,
            "Received HTTP response: \(spec.method) \(spec.safeURI): HttpContentResponse[HTTP/1.1 "
                + "\(response.status) \(HttpStatusText.phrase(response.status)) - \(response.body.count) bytes]")
        let status = response.status
        if !response.redirectLimitReached, HttpStatusText.isSuccess(status) || HttpStatusText.isRedirection(status) {
            return response
        }
        let description = "\(spec.method) \(spec.safeURI) - \(status) \(HttpStatusText.phrase(status))"
            + summary(response, limit: options.maxContentSize)
        if HttpStatusText.isClientError(status) {
            guard status == 408 || status == 429 else {
                throw OperatorError.failed("HTTP 4XX Client Error: \(description)")
            }
            throw retryLater("Failed HTTP request: \(description)", options: options, context: context)
        }
        let message = HttpStatusText.isServerError(status)
            ? "HTTP 5XX Server Error: \(description)" : "Unexpected HTTP status: \(description)"
        guard options.retry else { throw OperatorError.failed(message) }
        throw retryLater(message, options: options, context: context)
    }

    /// `: <body>` cut to 200 characters, or `: (too long response body)` when Content-Length says
    /// the body is larger than `limit`.
    static func summary(_ response: HttpResponse, limit: Int) -> String {
        if let length = response.headers["content-length"] {
            guard let size = Int(length.trimmingCharacters(in: .whitespaces)), size <= limit else {
                return ": (too long response body)"
            }
        }
        let body = response.text
        guard body.utf16.count > 200 else { return ": " + body }
        return ": " + prefix(body, utf16Count: 197) + "..."
    }

    /// The longest prefix of `text` with at most `count` UTF-16 units (Java's `substring`).
    static func prefix(_ text: String, utf16Count count: Int) -> String {
        var used = 0
        var out = ""
        for scalar in text.unicodeScalars {
            used += scalar.utf16.count
            if used > count { break }
            out.unicodeScalars.append(scalar)
        }
        return out
    }

    /// The poll (or, past `retry_limit`, the failure) for a retryable error.
    static func retryLater(_ message: String, options: HttpOptions, context: OperatorContext) -> OperatorError {
        let formatted = "HTTP request failed. \(message)"
        var state = context.request.lastStateParams
        var retryState = state.nestedOrEmpty(stateKey)
        let iteration = retryState["retry"].flatMap(ConfigCoercion.int).map { Int(clamping: $0) } ?? 0
        if let limit = options.retryLimit, iteration >= limit {
            context.logger.log(.warn, "\(formatted): giving up")
            return .failed(message)
        }
        if retryState["operation"] == nil { retryState["operation"] = .object([:]) }
        retryState["retry"] = .int(Int64(iteration + 1))
        state[stateKey] = .object(retryState)
        let seconds = backoff(iteration)
        context.logger.log(.warn, "\(formatted): retrying in \(seconds) seconds")
        return .poll(afterSeconds: seconds, stateParams: state)
    }

    /// 1, 2, 4, ... seconds for iteration 0, 1, 2, ..., at most 30.
    static func backoff(_ iteration: Int) -> Int {
        iteration >= 5 ? maxInterval : min(1 << max(iteration, 0), maxInterval)
    }
}
