import CCurl

/// `curl_global_init`, once per process, for every libcurl user (`mail>`, `http>`).
enum CurlGlobal {
    /// Evaluated once; read it before the first `curl_easy_init`.
    static let initialized: Void = { _ = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()
}
