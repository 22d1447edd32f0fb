import CCurl
import Foundation

/// One HTTP exchange with libcurl, following redirects itself so that the limit and the
/// method changes match `URLSession`'s. Used on one thread only.
final class CurlHttpTransfer {
    private let request: CurlHttpRequest
    private let options: CurlTransferOptions
    private let cancelled: CancelFlag
    private let deadline: Date
    /// Headers of the response being received, by lower-cased name.
    private var headers: [String: String] = [:]
    /// Body of the response being received.
    private var body = Data()

    init(_ request: CurlHttpRequest, options: CurlTransferOptions, cancelled: CancelFlag) {
        self.request = request
        self.options = options
        self.cancelled = cancelled
        deadline = Date(timeIntervalSinceNow: TimeInterval(options.timeout))
    }

    /// Sends the request and follows redirects; throws `HttpTransportError` when no response came.
    func perform() throws(HttpTransportError) -> HttpResponse {
        var current = request
        var followed = 0
        while true {
            let response = try exchange(current)
            guard options.followRedirects, CurlHttpRequest.redirectStatuses.contains(response.status),
                let location = response.location
            else { return response }
            guard followed < options.maxRedirects else {
                var limited = response
                limited.redirectLimitReached = true
                return limited
            }
            followed += 1
            current = current.redirected(to: location, status: response.status)
        }
    }

    /// One request without following redirects: the response and its resolved `Location`.
    private func exchange(_ request: CurlHttpRequest) throws(HttpTransportError) -> HttpResponse {
        headers = [:]
        body = Data()
        let remaining = Int(deadline.timeIntervalSinceNow * 1000)
        guard remaining > 0 else { throw failure(CURLE_OPERATION_TIMEDOUT, detail: "", request: request) }
        guard let handle = curl_easy_init() else {
            throw HttpTransportError(kind: .unavailable, detail: String(cString: curl_easy_strerror(CURLE_FAILED_INIT)), host: "")
        }
        defer { curl_easy_cleanup(handle) }
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        defer { errorBuffer.deallocate() }
        var list: UnsafeMutablePointer<curl_slist>?
        for header in request.headers {
            // `Name:` would remove the header; curl sends `Name;` as an empty one.
            list = curl_slist_append(list, header.value.isEmpty ? "\(header.name);" : "\(header.name): \(header.value)")
        }
        list = curl_slist_append(list, "Expect:")
        defer { curl_slist_free_all(list) }

        let me = Unmanaged.passUnretained(self).toOpaque()
        var code = CurlHttpOptions.configure(
            handle, request: request, options: options, timeoutMs: remaining, headers: list,
            errorBuffer: errorBuffer, userdata: me)
        if code == CURLE_OK {
            code = withExtendedLifetime(self) { curl_easy_perform(handle) }
        }
        if code == CURLE_ABORTED_BY_CALLBACK, cancelled.isCancelled {
            throw HttpTransportError(kind: .cancelled, detail: "cancelled", host: "")
        }
        guard code == CURLE_OK else { throw failure(code, detail: String(cString: errorBuffer), request: request) }
        var status = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var redirect: UnsafeMutablePointer<CChar>?
        _ = ccurl_getinfo_string(handle, CURLINFO_REDIRECT_URL, &redirect)
        return HttpResponse(status: status, headers: headers, body: body, location: redirect.map { String(cString: $0) })
    }

    private func failure(_ code: CURLcode, detail: String, request: CurlHttpRequest) -> HttpTransportError {
        let components = URLComponents(string: request.url)
        let proxyFailed = code == CURLE_COULDNT_RESOLVE_PROXY
        let host = (proxyFailed ? options.proxy?.host : components?.host) ?? ""
        let port = proxyFailed ? options.proxy?.port : components?.port
        let message = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        let kind: HttpTransportError.Kind
        switch code {
        case CURLE_COULDNT_CONNECT: kind = .connectionRefused
        case CURLE_OPERATION_TIMEDOUT: kind = .timeout
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: kind = .unknownHost
        case CURLE_FAILED_INIT: kind = .unavailable
        default: kind = .other
        }
        return HttpTransportError(kind: kind, detail: message, host: host, port: port)
    }

    /// A header line from curl: a status line starts a new response (1xx, proxy CONNECT).
    fileprivate func header(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("HTTP/") {
            headers = [:]
            return
        }
        guard let colon = trimmed.firstIndex(of: ":") else { return }
        let name = trimmed[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        let value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        headers[name] = headers[name].map { "\($0), \(value)" } ?? value
    }

    fileprivate func received(_ bytes: UnsafeRawBufferPointer) { body.append(contentsOf: bytes) }
    fileprivate var isCancelled: Bool { cancelled.isCancelled }
}

/// `CURLOPT_WRITEFUNCTION`: collects the body.
func curlHttpBody(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userdata: UnsafeMutableRawPointer?
) -> Int {
    guard let data, let userdata else { return 0 }
    let transfer = Unmanaged<CurlHttpTransfer>.fromOpaque(userdata).takeUnretainedValue()
    transfer.received(UnsafeRawBufferPointer(start: data, count: size * count))
    return size * count
}

/// `CURLOPT_HEADERFUNCTION`: collects header fields.
func curlHttpHeader(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userdata: UnsafeMutableRawPointer?
) -> Int {
    guard let data, let userdata else { return 0 }
    let transfer = Unmanaged<CurlHttpTransfer>.fromOpaque(userdata).takeUnretainedValue()
    transfer.header(String(decoding: UnsafeRawBufferPointer(start: data, count: size * count), as: UTF8.self))
    return size * count
}

/// `CURLOPT_XFERINFOFUNCTION`: aborts the transfer once the task is cancelled.
func curlHttpProgress(
    _ userdata: UnsafeMutableRawPointer?, _ dltotal: curl_off_t, _ dlnow: curl_off_t, _ ultotal: curl_off_t,
    _ ulnow: curl_off_t
) -> Int32 {
    guard let userdata else { return 0 }
    return Unmanaged<CurlHttpTransfer>.fromOpaque(userdata).takeUnretainedValue().isCancelled ? 1 : 0
}
