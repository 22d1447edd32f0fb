import Foundation

/// A received HTTP response.
package struct HttpResponse: Sendable {
    /// The status code.
    package var status: Int
    /// Header values by lower-cased name.
    package var headers: [String: String]
    /// The body bytes (already decoded when the server used a `Content-Encoding` libcurl knows).
    package var body: Data
    /// True when the response is a redirect that was not followed because the redirect limit
    /// was reached.
    package var redirectLimitReached: Bool = false
    /// The resolved `Location` of a redirect response, if any.
    package var location: String?

    /// Creates a response.
    package init(status: Int, headers: [String: String], body: Data, location: String? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.location = location
    }

    /// The body decoded as UTF-8 (invalid bytes replaced), as Digdag reads bodies without a charset.
    package var text: String { String(decoding: body, as: UTF8.self) }

    /// The media type without parameters (`application/json`), or nil when no Content-Type is set.
    package var mediaType: String? {
        guard let value = headers["content-type"] else { return nil }
        let type = value.split(separator: ";", maxSplits: 1).first.map(String.init) ?? value
        let trimmed = type.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }
}
