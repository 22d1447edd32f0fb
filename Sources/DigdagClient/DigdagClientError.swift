/// A client command failed talking to the server, worded as Digdag's CLI words it.
///
/// ``Code/clientError`` is Digdag's `ClientErrorException` (any 4xx, including "not found"
/// answers the client derives from empty lists): the CLI prefixes ``body`` with
/// `Resource not found: `, `Request conflicted: `, `Invalid option: ` or `Status code N: `.
/// Every other code is printed as ``message`` alone.
package struct DigdagClientError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure.
    package enum Code: Sendable, Equatable {
        /// A 4xx answer (or a client-side "not found"); ``DigdagClientError/status`` says which.
        case clientError
        /// A 3xx or 5xx answer.
        case serverError
        /// No answer: connection refused, unknown host, timeout, ...
        case transport
        /// The answer could not be read as the expected JSON.
        case invalidResponse
        /// A wrong argument found before sending anything (endpoint, secret key, ...).
        case invalidArgument
    }

    /// The failure kind.
    package var code: Code
    /// The HTTP status, when there was an answer.
    package var status: Int?
    /// For ``Code/clientError``: the text the CLI shows after its prefix — the server's body
    /// for PUT, POST and DELETE, `HTTP 404 Not Found` for GETs (Digdag's client closes the
    /// answer before reading it), or the client's own message.
    package var body: String
    /// The whole message for the other codes.
    package var message: String
    /// The resolved `Location` of a redirect answer.
    package var location: String?

    /// Creates an error whose message is `message`.
    package init(_ code: Code, _ message: String, status: Int? = nil, body: String? = nil) {
        self.code = code
        self.message = message
        self.status = status
        self.body = body ?? message
    }

    /// A client-side "not found" (Digdag throws `NotFoundException(message)`).
    package static func notFound(_ message: String) -> DigdagClientError {
        DigdagClientError(.clientError, message, status: 404, body: message)
    }

    /// True for a 404 answer or a client-side "not found".
    package var isNotFound: Bool { code == .clientError && status == 404 }

    package var description: String { message }
}
