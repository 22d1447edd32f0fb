import Foundation
import Synchronization

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

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

/// Sends one request on its own `URLSession`, configured for the request's timeout, redirect
/// policy and proxy. Nothing is shared between requests.
enum HttpTransport {
    /// Sends `request` and returns the response of any status.
    ///
    /// - Throws: `HttpTransportError` when no response arrived.
    static func send(_ request: URLRequest, options: HttpOptions) async throws -> HttpResponse {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = TimeInterval(options.timeout)
        configuration.timeoutIntervalForResource = TimeInterval(options.timeout)
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.urlCredentialStorage = nil
        if let proxy = options.proxy {
            configuration.connectionProxyDictionary = [
                "HTTPEnable": true, "HTTPProxy": proxy.host, "HTTPPort": proxy.port,
                "HTTPSEnable": true, "HTTPSProxy": proxy.host, "HTTPSPort": proxy.port,
            ]
        }
        let delegate = HttpSessionDelegate(
            followRedirects: options.followRedirects, maxRedirects: options.maxRedirects,
            insecure: options.insecure)
        let session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        do {
            let (data, response) = try await session.data(for: request)
            guard let http = response as? HTTPURLResponse else {
                throw HttpTransportError(message: "Not an HTTP response", qualifiedMessage: "Not an HTTP response")
            }
            var headers: [String: String] = [:]
            for (key, value) in http.allHeaderFields {
                headers[String(describing: key).lowercased()] = String(describing: value)
            }
            return HttpResponse(
                status: http.statusCode, headers: headers, body: data,
                redirectLimitReached: delegate.limitReached && HttpStatusText.isRedirection(http.statusCode))
        } catch let error as HttpTransportError {
            throw error
        } catch let error as URLError {
            throw transportError(error, timeout: options.timeout)
        } catch {
            throw HttpTransportError(message: "\(error)", qualifiedMessage: "\(error)")
        }
    }

    /// Digdag's wording for the common failures (Java exception messages), the system's otherwise.
    static func transportError(_ error: URLError, timeout: Int64) -> HttpTransportError {
        switch error.code {
        case .cannotConnectToHost:
            return HttpTransportError(
                message: "Connection refused", qualifiedMessage: "java.net.ConnectException: Connection refused")
        case .timedOut:
            let message = "Total timeout \(timeout * 1000) ms elapsed"
            return HttpTransportError(
                message: message, qualifiedMessage: "java.util.concurrent.TimeoutException: \(message)")
        case .cannotFindHost, .dnsLookupFailed:
            let host = error.failingURL?.host ?? ""
            return HttpTransportError(
                message: host, qualifiedMessage: "java.net.UnknownHostException: \(host)")
        default:
            let message = error.localizedDescription
            return HttpTransportError(message: message, qualifiedMessage: message)
        }
    }
}

/// Redirect policy (follow at most N, or none) and, on Apple platforms, `insecure`.
final class HttpSessionDelegate: NSObject, URLSessionTaskDelegate, Sendable {
    private let followRedirects: Bool
    private let maxRedirects: Int
    private let insecure: Bool
    private let state = Mutex<(followed: Int, limitReached: Bool)>((0, false))

    init(followRedirects: Bool, maxRedirects: Int, insecure: Bool) {
        self.followRedirects = followRedirects
        self.maxRedirects = maxRedirects
        self.insecure = insecure
    }

    /// True when a redirect was refused because `maxRedirects` were already followed.
    var limitReached: Bool { state.withLock { $0.limitReached } }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        guard followRedirects else { return completionHandler(nil) }
        let follow = state.withLock { state -> Bool in
            guard state.followed < maxRedirects else {
                state.limitReached = true
                return false
            }
            state.followed += 1
            return true
        }
        completionHandler(follow ? request : nil)
    }

    #if canImport(Darwin)
    func urlSession(
        _ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge,
        completionHandler: @escaping @Sendable (URLSession.AuthChallengeDisposition, URLCredential?) -> Void
    ) {
        if insecure, challenge.protectionSpace.authenticationMethod == NSURLAuthenticationMethodServerTrust,
            let trust = challenge.protectionSpace.serverTrust
        {
            completionHandler(.useCredential, URLCredential(trust: trust))
        } else {
            completionHandler(.performDefaultHandling, nil)
        }
    }
    #endif
}
