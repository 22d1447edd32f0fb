/// A server address given as `host`, `host:port`, `http://host[:port]` or `https://host[:port]`,
/// interpreted as Digdag's CLI does (`ClientCommand.buildClient`): no scheme means http, no port
/// means 80 (443 for https), anything after the port's `/` is ignored.
package struct DigdagEndpoint: Sendable, Equatable {
    /// Digdag's default endpoint.
    package static let defaultEndpoint = "http://127.0.0.1:65432"

    /// The host (whatever stood between the scheme and the port).
    package var host: String
    /// The port.
    package var port: Int
    /// True for https.
    package var tls: Bool

    /// Creates an endpoint from its parts.
    package init(host: String, port: Int, tls: Bool) {
        self.host = host
        self.port = port
        self.tls = tls
    }

    /// Parses an endpoint text.
    ///
    /// - Throws: ``DigdagClientError`` with Digdag's messages for an unknown scheme or a port
    ///   that is not a number.
    package init(parsing text: String) throws(DigdagClientError) {
        var fragments = Self.split(text)
        var tls = false
        if fragments.count == 2, fragments[1].hasPrefix("//") {
            switch fragments[0] {
            case "http": tls = false
            case "https": tls = true
            default: throw DigdagClientError(.invalidArgument, "Endpoint must start with http:// or https://: \(text)")
            }
            fragments = Self.split(String(fragments[1].dropFirst(2)))
        }
        host = fragments[0]
        self.tls = tls
        if fragments.count == 1 {
            port = tls ? 443 : 80
        } else {
            let portText = fragments[1].split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
                .first.map(String.init) ?? ""
            guard let value = JavaInteger.parse(portText) else {
                throw DigdagClientError(.invalidArgument, "For input string: \"\(portText)\" (number format)")
            }
            port = value
        }
    }

    /// `http://host:port` without a trailing slash.
    package var baseURL: String { "\(tls ? "https" : "http")://\(host):\(port)" }

    /// `a:b:c` -> `["a", "b:c"]`, `a:` -> `["a", ""]` (Java `split(":", 2)`).
    private static func split(_ text: String) -> [String] {
        guard let colon = text.firstIndex(of: ":") else { return [text] }
        return [String(text[..<colon]), String(text[text.index(after: colon)...])]
    }
}

/// Java's `Integer.parseInt`: optional sign, decimal digits, 32-bit range.
package enum JavaInteger {
    /// The value, or nil when Java would throw `NumberFormatException`.
    package static func parse(_ text: String) -> Int? {
        var digits = Substring(text)
        var negative = false
        if let first = digits.first, first == "-" || first == "+" {
            negative = first == "-"
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let magnitude = Int64(digits), magnitude <= Int64(Int32.max) + (negative ? 1 : 0)
        else { return nil }
        return Int(negative ? -magnitude : magnitude)
    }
}
