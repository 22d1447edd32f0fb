import CCurl

/// `curl_global_init`, once per process, for every libcurl user (`mail>`, `http>`, the REST client).
package enum CurlGlobal {
    /// Evaluated once; read it before the first `curl_easy_init`.
    package static let initialized: Void = { _ = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()
}
