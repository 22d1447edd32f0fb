/// A storage failure: an opaque code, a message for people and the underlying cause.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure.
    public struct Code: Hashable, Sendable {
        let name: String
        /// A unique constraint was hit (REST 409).
        public static let conflict = Code(name: "conflict")
        /// A referenced row does not exist (REST 404).
        public static let notFound = Code(name: "notFound")
        /// The database failed or could not be reached.
        public static let database = Code(name: "database")
        /// The writer no longer holds the attempt's lease: another node took it over (fencing).
        public static let leaseLost = Code(name: "leaseLost")
    }

    /// The failure kind.
    public var code: Code
    /// A message for people.
    public var message: String
    /// The underlying error's description, if any.
    public var cause: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause.map { "\($0)" }
    }

    /// A unique-constraint error with Digdag's `Resource already exists: ...` message.
    public static func conflict(_ message: String) -> StoreError { StoreError(.conflict, message) }

    public var description: String { cause.map { "\(message): \($0)" } ?? message }
}
