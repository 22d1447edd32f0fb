/// Answers the console's requests without any HTTP library: the server turns a
/// ``ConsoleResponse`` into its own response type.
///
/// - `/assets/<version>/<path>`: a console file; cached for a year when `<version>` is the
///   current one (the URL changes with the content), revalidated otherwise.
/// - `/api` and everything under it: not the console's (nil), so the API answers.
/// - any other `GET`/`HEAD` path: the index page, and the client-side router shows the page
///   for that route (its own "not found" page included).
package struct ConsoleResponder: Sendable {
    /// The files served.
    package let assets: ConsoleAssets

    /// Creates a responder over `assets`.
    package init(assets: ConsoleAssets) {
        self.assets = assets
    }

    /// The answer to `method path`, or nil when the request is not the console's.
    /// - Parameters:
    ///   - path: the request path without the query.
    ///   - ifNoneMatch: the `If-None-Match` header, if any.
    ///   - acceptEncoding: the `Accept-Encoding` header, if any.
    package func respond(method: String, path: String, ifNoneMatch: String?, acceptEncoding: String?)
        -> ConsoleResponse?
    {
        guard method == "GET" || method == "HEAD" else { return nil }
        if path == "/api" || path.hasPrefix("/api/") { return nil }
        let asset: ConsoleAssets.Asset
        let cacheControl: String
        if path.hasPrefix("/assets/") {
            let rest = path.dropFirst("/assets/".count)
            guard let slash = rest.firstIndex(of: "/") else { return .notFound }
            let version = rest[..<slash]
            let file = String(rest[rest.index(after: slash)...])
            guard !file.split(separator: "/").contains(".."), let found = assets.file(file) else { return .notFound }
            asset = found
            cacheControl = version == assets.version ? "public, max-age=31536000, immutable" : "no-cache"
        } else {
            asset = assets.index
            cacheControl = "no-cache"
        }
        var headers = [
            ("Content-Type", asset.contentType), ("Cache-Control", cacheControl), ("ETag", asset.etag),
            ("Vary", "Accept-Encoding"), ("X-Content-Type-Options", "nosniff"),
        ]
        if asset.contentType.hasPrefix("text/html") {
            headers.append(("X-Frame-Options", "DENY"))
            headers.append(("Content-Security-Policy", Self.contentSecurityPolicy))
        }
        if let ifNoneMatch, Self.matches(ifNoneMatch, etag: asset.etag) {
            return ConsoleResponse(status: 304, headers: headers, body: [])
        }
        if let gzip = asset.gzip, Self.acceptsGzip(acceptEncoding) {
            headers.append(("Content-Encoding", "gzip"))
            return ConsoleResponse(status: 200, headers: headers, body: method == "HEAD" ? [] : gzip)
        }
        return ConsoleResponse(status: 200, headers: headers, body: method == "HEAD" ? [] : asset.bytes)
    }

    /// The page runs only the console's own modules and talks only to its own server.
    static let contentSecurityPolicy =
        "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'"

    /// Whether an `If-None-Match` list names `etag` (or is `*`); weak validators compare equal.
    static func matches(_ header: String, etag: String) -> Bool {
        header.split(separator: ",").contains { item in
            var tag = item.trimmingCharacters(in: " \t")
            if tag.hasPrefix("W/") { tag.removeFirst(2) }
            return tag == "*" || tag == etag
        }
    }

    /// Whether `Accept-Encoding` allows gzip (`gzip;q=0` does not).
    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        return header.lowercased().split(separator: ",").contains { item in
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: " \t") }
            guard parts.first == "gzip" || parts.first == "*" else { return false }
            return !parts.dropFirst().contains { $0.replacingOccurrences(of: " ", with: "") == "q=0" || $0 == "q=0.0" }
        }
    }
}

/// A console answer: status, headers and body bytes.
package struct ConsoleResponse: Sendable, Equatable {
    /// HTTP status code.
    package var status: Int
    /// Header fields in order.
    package var headers: [(String, String)]
    /// Body bytes (empty for 304 and HEAD).
    package var body: [UInt8]

    /// The value of header `name` (case-insensitive).
    package func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    static let notFound = ConsoleResponse(
        status: 404, headers: [("Content-Type", "text/plain; charset=utf-8"), ("Cache-Control", "no-cache")],
        body: Array("Not found\n".utf8))

    /// Equal status, headers and body.
    package static func == (a: ConsoleResponse, b: ConsoleResponse) -> Bool {
        a.status == b.status && a.body == b.body && a.headers.elementsEqual(b.headers) { $0 == $1 }
    }
}

extension StringProtocol {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s.removeFirst() }
        while let c = s.last, set.contains(c) { s.removeLast() }
        return String(s)
    }
}
