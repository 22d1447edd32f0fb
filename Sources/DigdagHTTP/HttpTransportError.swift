/// A request that got no response: connection refused, timeout, unknown host, TLS failure, ...
///
/// Callers word it for their users (Digdag's `http>` and its CLI use Java exception texts).
package struct HttpTransportError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, as far as callers distinguish it.
    package enum Kind: Sendable, Equatable {
        /// Nothing listens at the address (`ECONNREFUSED`).
        case connectionRefused
        /// The deadline passed.
        case timeout
        /// The host name (or the proxy's) did not resolve.
        case unknownHost
        /// The transfer was aborted because the waiting task was cancelled.
        case cancelled
        /// libcurl could not be loaded or initialised.
        case unavailable
        /// Anything else; ``detail`` has libcurl's text.
        case other
    }

    /// The failure kind.
    package var kind: Kind
    /// libcurl's message for the failure.
    package var detail: String
    /// The host that was contacted (the proxy's when the proxy did not resolve).
    package var host: String
    /// The port that was contacted, when known.
    package var port: Int?

    /// Creates an error.
    package init(kind: Kind, detail: String, host: String, port: Int? = nil) {
        self.kind = kind
        self.detail = detail
        self.host = host
        self.port = port
    }

    package var description: String { detail }
}
