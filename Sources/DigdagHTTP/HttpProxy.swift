/// An HTTP proxy: host, port and whether the proxy itself speaks TLS.
package struct HttpProxy: Sendable, Equatable {
    /// Host name or address.
    package var host: String
    /// Port.
    package var port: Int
    /// True for an `https://` proxy.
    package var tls: Bool

    /// Creates a proxy description.
    package init(host: String, port: Int, tls: Bool) {
        self.host = host
        self.port = port
        self.tls = tls
    }

    /// `http://host:port`, or `https://` for a TLS proxy; IPv6 literals in brackets.
    package var url: String {
        let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "\(tls ? "https" : "http")://\(bracketed):\(port)"
    }
}
