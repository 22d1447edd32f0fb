import CCurl
import Foundation

/// The libcurl options of one HTTP request: method, headers, body, timeout, proxy, encodings
/// and `insecure`. Redirects are not followed here (`CurlHttpTransfer` does it).
enum CurlHttpOptions {
    /// Sets every option on `handle`; returns the first failure.
    static func configure(
        _ handle: UnsafeMutableRawPointer, request: CurlHttpRequest, options: CurlTransferOptions, timeoutMs: Int,
        headers: UnsafeMutablePointer<curl_slist>?, errorBuffer: UnsafeMutablePointer<CChar>,
        userdata: UnsafeMutableRawPointer
    ) -> CURLcode {
        var strings: [(CURLoption, String)] = [
            (CURLOPT_URL, request.url), (CURLOPT_PROTOCOLS_STR, "http,https"),
            (CURLOPT_ACCEPT_ENCODING, options.acceptEncoding),
        ]
        var longs: [(CURLoption, Int)] = [
            (CURLOPT_NOSIGNAL, 1), (CURLOPT_NOPROGRESS, 0), (CURLOPT_FOLLOWLOCATION, 0),
            (CURLOPT_TIMEOUT_MS, timeoutMs),
        ]
        if request.method == "HEAD" {
            longs.append((CURLOPT_NOBODY, 1))
        } else if request.method != "GET" || request.body != nil {
            // A body makes curl POST unless the method is named (Digdag allows a GET with content).
            strings.append((CURLOPT_CUSTOMREQUEST, request.method))
        }
        if let proxy = options.proxy {
            strings.append((CURLOPT_PROXY, proxy.url))
        } else if options.ignoresEnvironmentProxy {
            strings.append((CURLOPT_PROXY, ""))
        }
        if options.insecure {
            longs += [
                (CURLOPT_SSL_VERIFYPEER, 0), (CURLOPT_SSL_VERIFYHOST, 0),
                (CURLOPT_PROXY_SSL_VERIFYPEER, 0), (CURLOPT_PROXY_SSL_VERIFYHOST, 0),
            ]
        }
        let body = request.body ?? (["POST", "PUT", "PATCH"].contains(request.method) ? Data() : nil)
        if let body { longs.append((CURLOPT_POSTFIELDSIZE, body.count)) }
        for (option, value) in longs {
            let code = ccurl_setopt_long(handle, option, value)
            guard code == CURLE_OK else { return code }
        }
        for (option, value) in strings {
            let code = ccurl_setopt_string(handle, option, value)
            guard code == CURLE_OK else { return code }
        }
        if let body {
            // COPYPOSTFIELDS copies `POSTFIELDSIZE` bytes, so the body may hold NULs.
            let code = body.withUnsafeBytes { bytes -> CURLcode in
                var empty: UInt8 = 0
                guard let base = bytes.baseAddress else { return ccurl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, &empty) }
                return ccurl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: base))
            }
            guard code == CURLE_OK else { return code }
        }
        let pointers: [(CURLoption, UnsafeMutableRawPointer?)] = [
            (CURLOPT_HTTPHEADER, headers.map { UnsafeMutableRawPointer($0) }),
            (CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer)),
            (CURLOPT_WRITEDATA, userdata), (CURLOPT_HEADERDATA, userdata), (CURLOPT_XFERINFODATA, userdata),
        ]
        for (option, value) in pointers {
            let code = ccurl_setopt_pointer(handle, option, value)
            guard code == CURLE_OK else { return code }
        }
        for code in [
            ccurl_setopt_write_function(handle, curlHttpBody),
            ccurl_setopt_header_function(handle, curlHttpHeader),
            ccurl_setopt_progress_function(handle, curlHttpProgress),
        ] where code != CURLE_OK {
            return code
        }
        return CURLE_OK
    }
}
