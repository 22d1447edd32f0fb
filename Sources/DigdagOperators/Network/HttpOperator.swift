import DigdagCore
import DigdagOperatorKit
import Foundation

/// `http>: URI`: sends an HTTP request and stores `http.last_status` (and, with
/// `store_content: true`, `http.last_content`) for later tasks.
///
/// Options, secrets (`http.authorization`, `http.user`/`http.password`, `http.uri`) and retries
/// follow Digdag's `HttpOperatorFactory`; see `HttpOptions`, `HttpRequestSpec`, `HttpExchange`.
public struct HttpOperator: Operator {
    public let type = "http"
    public var knownOptions: Set<String>? {
        ["store_content", "method", "content", "content_format", "content_type", "headers", "query", "retry", "retry_limit", "timeout", "insecure", "follow_redirects", "proxy", "http", "_retry"]
    }

    /// Creates the operator.
    public init() {}

    public func run(_ context: OperatorContext) async throws -> TaskResult {
        let options = try HttpOptions(context)
        let spec = try HttpRequestSpec(context, options: options, useSecretURI: true)
        let storeContent = try HttpOptions.bool(options.params, "store_content") ?? false
        let response = try await HttpExchange.perform(spec, options: options, context: context)

        var http: Config = ["last_status": .int(Int64(response.status))]
        var reset = ["http.last_status"]
        if storeContent {
            let content = response.text
            let length = content.utf16.count
            guard length <= options.maxContentSize else {
                throw OperatorError.failed("Response content too large: \(length) > \(options.maxContentSize)")
            }
            http["last_content"] = .string(content)
            reset.append("http.last_content")
        }
        return TaskResult(storeParams: ["http": .object(http)], resetStoreParams: reset)
    }
}
