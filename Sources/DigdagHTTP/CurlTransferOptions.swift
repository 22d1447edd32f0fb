/// How one libcurl HTTP exchange is made: deadline, redirects, proxy, TLS checks, encodings.
package struct CurlTransferOptions: Sendable {
    /// The whole exchange, redirects included, must end within this many seconds.
    package var timeout: Int64
    /// Follow 3xx responses that carry a `Location`.
    package var followRedirects: Bool
    /// Redirects followed at most; the last redirect response is returned past it.
    package var maxRedirects: Int
    /// The proxy to use; nil lets libcurl read the usual environment variables unless
    /// ``ignoresEnvironmentProxy`` is set.
    package var proxy: HttpProxy?
    /// Never use a proxy from the environment (the caller already applied its own rules).
    package var ignoresEnvironmentProxy: Bool
    /// Skip TLS certificate and host name verification.
    package var insecure: Bool
    /// `Accept-Encoding` sent and decoded by libcurl (`""` = every encoding libcurl supports).
    package var acceptEncoding: String

    /// Creates options; by default 30 s, redirects followed (8 at most), TLS verified.
    package init(
        timeout: Int64 = 30, followRedirects: Bool = true, maxRedirects: Int = 8, proxy: HttpProxy? = nil,
        ignoresEnvironmentProxy: Bool = false, insecure: Bool = false, acceptEncoding: String = ""
    ) {
        self.timeout = timeout
        self.followRedirects = followRedirects
        self.maxRedirects = maxRedirects
        self.proxy = proxy
        self.ignoresEnvironmentProxy = ignoresEnvironmentProxy
        self.insecure = insecure
        self.acceptEncoding = acceptEncoding
    }
}
