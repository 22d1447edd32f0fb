import DigdagHTTP

/// How a ``DigdagClient`` reaches its server: endpoint, extra headers, TLS checks, proxy.
package struct DigdagClientConfiguration: Sendable {
    /// The version this client reports (`User-Agent: DigdagClient/<version>`, version check).
    package static let clientVersion = "0.10.5"

    /// The server.
    package var endpoint: DigdagEndpoint
    /// Extra headers sent with every request to the server (not to redirect targets or direct
    /// log URLs), in order; a later header replaces an earlier one of the same name.
    package var headers: [(name: String, value: String)]
    /// Skip TLS certificate checks (`--disable-cert-validation`).
    package var insecure: Bool
    /// Ask the server for archives and logs through itself (`client.http.disable_direct_download`).
    package var disableDirectDownload: Bool
    /// The HTTP proxy (from `http_proxy` and friends); nil for none.
    package var proxy: HttpProxy?
    /// Seconds one exchange may take.
    package var timeout: Int64

    /// Creates a configuration.
    package init(
        endpoint: DigdagEndpoint, headers: [(name: String, value: String)] = [], insecure: Bool = false,
        disableDirectDownload: Bool = false, proxy: HttpProxy? = nil, timeout: Int64 = 3600
    ) {
        self.endpoint = endpoint
        self.headers = headers
        self.insecure = insecure
        self.disableDirectDownload = disableDirectDownload
        self.proxy = proxy
        self.timeout = timeout
    }

    /// The header fields of a request to the server: `User-Agent`, `Accept`, then ``headers``
    /// (a configured header replaces a default one of the same name; `User-Agent` stays ours).
    func requestHeaders(contentType: String?, includeConfigured: Bool) -> [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = [("Accept", "application/json")]
        if let contentType { fields.append(("Content-Type", contentType)) }
        if includeConfigured {
            for header in headers where header.name.lowercased() != "user-agent" {
                fields.removeAll { $0.name.lowercased() == header.name.lowercased() }
                fields.append(header)
            }
        }
        fields.append(("User-Agent", "DigdagClient/\(Self.clientVersion)"))
        return fields
    }

    /// The libcurl settings: gzip and deflate answers decoded, redirects not followed, the
    /// environment's proxy variables ignored (the CLI applied Digdag's own rules).
    var transferOptions: CurlTransferOptions {
        CurlTransferOptions(
            timeout: timeout, followRedirects: false, maxRedirects: 0, proxy: proxy, ignoresEnvironmentProxy: true,
            insecure: insecure, acceptEncoding: "gzip, deflate")
    }
}
