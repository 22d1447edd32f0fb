/// A failed database operation (Digdag's `DatabaseException`): what was being done plus the
/// driver's message. It never holds a password.
package struct DatabaseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// How the operator reacts to the error.
    package enum Kind: Sendable, Equatable {
        /// The task fails with `<message> [<cause>]`.
        case failure
        /// Another session holds the status row: poll again later.
        case lockConflict
        /// A read-only query tried to write.
        case notReadOnly
    }

    /// How the operator reacts.
    package var kind: Kind
    /// What was being done, e.g. `Failed to execute given SQL script`.
    package var message: String
    /// The driver's message, e.g. `ERROR: relation "x" does not exist`.
    package var cause: String

    /// Creates an error.
    package init(_ message: String, cause: String, kind: Kind = .failure) {
        self.kind = kind
        self.message = message
        self.cause = cause
    }

    /// Digdag's task failure text: `<message> [<cause>]`.
    package var description: String { "\(message) [\(cause)]" }

    /// The same cause under another description (`Failed to ...`).
    package func describing(_ message: String) -> DatabaseError {
        DatabaseError(message, cause: cause, kind: kind)
    }
}
