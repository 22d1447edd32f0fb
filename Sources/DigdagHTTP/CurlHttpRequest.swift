import Foundation

/// An HTTP request as libcurl needs it, as plain values that cross threads.
package struct CurlHttpRequest: Sendable {
    /// The absolute URL.
    package var url: String
    /// The method (`GET`, `POST`, ...).
    package var method: String
    /// Header fields in the request's order.
    package var headers: [(name: String, value: String)]
    /// The body, if any.
    package var body: Data?

    /// Creates a request.
    package init(url: String, method: String, headers: [(name: String, value: String)] = [], body: Data? = nil) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
    }

    /// Redirect statuses that are followed (as `URLSession` does).
    package static let redirectStatuses: Set<Int> = [301, 302, 303, 307, 308]

    /// The request to send to `location` after a `status` redirect: 303 (except for HEAD) and
    /// 301/302 after POST become a GET without body, the others are repeated as they were.
    package func redirected(to location: String, status: Int) -> CurlHttpRequest {
        var next = self
        next.url = location
        if (status == 303 && method != "HEAD") || ((status == 301 || status == 302) && method == "POST") {
            next.method = "GET"
            next.body = nil
            next.headers.removeAll { ["content-type", "content-length"].contains($0.name.lowercased()) }
        }
        return next
    }
}
