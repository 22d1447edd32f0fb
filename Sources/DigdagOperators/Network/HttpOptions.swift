import DigdagCore
import DigdagHTTP
import DigdagOperatorKit
import Foundation

/// The options of `http>` and `http_call>`, read from the task's params with `http.*` as
/// defaults (Digdag's `mergeDefault(getNestedOrGetEmpty("http"))`) and from the system config.
struct HttpOptions: Sendable {
    /// Proxy settings (`proxy: {enabled, host, port, tls}` or `config.http.proxy.*`).
    typealias Proxy = HttpProxy

    /// The merged params the options were read from.
    var params: Config
    /// Upper-cased method.
    var method: String
    /// Whether 5xx, unknown statuses and connection errors are retried.
    var retry: Bool
    /// Request timeout in seconds.
    var timeout: Int64
    /// Skip TLS certificate verification.
    var insecure: Bool
    /// Follow 3xx responses.
    var followRedirects: Bool
    /// Redirects followed at most (`config.http.max_redirects`).
    var maxRedirects: Int
    /// The proxy to use, if any.
    var proxy: Proxy?
    /// `User-Agent` header (`config.http.user_agent`).
    var userAgent: String
    /// Largest response body kept (`config.http.max_stored_response_content_size`).
    var maxContentSize: Int
    /// Beyond Digdag: give up after this many polling retries (`retry_limit`); nil = never.
    var retryLimit: Int?

    /// The version Digdag reports in its `User-Agent`.
    static let digdagVersion = "0.10.5"

    /// Reads the options of `context`'s task.
    init(_ context: OperatorContext) throws {
        var params = context.request.config
        params.mergeDefaults(context.request.config.nestedOrEmpty("http"))
        self.params = params
        let system = context.systemConfig
        method = try HttpOptions.string(params, "method", default: "GET").uppercased()
        retry = try HttpOptions.bool(params, "retry") ?? HttpOptions.retriedByDefault(method)
        timeout = try HttpOptions.int(params, "timeout") ?? 30
        insecure = try HttpOptions.bool(params, "insecure") ?? false
        followRedirects = try HttpOptions.bool(params, "follow_redirects") ?? true
        maxRedirects = system["config.http.max_redirects"].flatMap { Int($0) } ?? 8
        userAgent = system["config.http.user_agent"] ?? "Digdag/\(HttpOptions.digdagVersion)"
        maxContentSize = system["config.http.max_stored_response_content_size"].flatMap { Int($0) } ?? 64 * 1024
        if let limit = try HttpOptions.int(params, "retry_limit") {
            guard limit >= 0 else { throw ConfigError("retry_limit must be >= 0 but got \(limit)") }
            retryLimit = Int(limit)
        }
        proxy = try HttpOptions.proxy(params, system: system)
    }

    /// The libcurl settings of one request with these options.
    var transferOptions: CurlTransferOptions {
        CurlTransferOptions(
            timeout: timeout, followRedirects: followRedirects, maxRedirects: maxRedirects, proxy: proxy,
            insecure: insecure)
    }

    /// GET, HEAD, OPTIONS and TRACE are retried unless `retry: false`.
    static func retriedByDefault(_ method: String) -> Bool {
        ["GET", "HEAD", "OPTIONS", "TRACE"].contains(method)
    }

    private static func proxy(_ params: Config, system: [String: String]) throws -> Proxy? {
        let user = params.nestedOrEmpty("proxy")
        let allowUser = system["config.http.allow_user_proxy"].map { $0.lowercased() != "false" } ?? true
        if allowUser, try bool(user, "enabled") == true {
            guard let port = try int(user, "port") else { throw ConfigError("Parameter 'port' is required but not set") }
            return Proxy(
                host: try ParamReader.requiredString(user, "host"), port: Int(port), tls: try bool(user, "tls") ?? false)
        }
        guard system["config.http.proxy.enabled"]?.lowercased() == "true" else { return nil }
        guard let host = system["config.http.proxy.host"] else {
            throw ConfigError("Parameter 'config.http.proxy.host' is required but not set")
        }
        guard let port = system["config.http.proxy.port"].flatMap({ Int($0) }) else {
            throw ConfigError("Parameter 'config.http.proxy.port' is required but not set")
        }
        return Proxy(host: host, port: port, tls: system["config.http.proxy.tls"]?.lowercased() == "true")
    }

    /// An optional string; null counts as absent.
    static func string(_ params: Config, _ key: String) throws -> String? {
        guard let value = params[key], !value.isNull else { return nil }
        return try ParamReader.string(value, key: key)
    }

    static func string(_ params: Config, _ key: String, default fallback: String) throws -> String {
        try string(params, key) ?? fallback
    }

    /// An optional boolean (`true`/`false`, as strings too); null counts as absent.
    static func bool(_ params: Config, _ key: String) throws -> Bool? {
        guard let value = params[key], !value.isNull else { return nil }
        guard let bool = ConfigCoercion.bool(value) else {
            throw ConfigError("Expected boolean type for key '\(key)' but got \(ParamReader.sample(value)) (\(value.kindName))")
        }
        return bool
    }

    /// An optional integer; null counts as absent.
    static func int(_ params: Config, _ key: String) throws -> Int64? {
        guard let value = params[key], !value.isNull else { return nil }
        guard let int = ConfigCoercion.int(value) else {
            throw ConfigError("Expected integer type for key '\(key)' but got \(ParamReader.sample(value)) (\(value.kindName))")
        }
        return int
    }
}
