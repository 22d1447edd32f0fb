/// An error of a bulk transfer: what went wrong, in words an Embulk user recognises.
///
/// `kind` sorts the failure (config, connection, data, plugin) for tests and exit handling;
/// `message` is printed as it is.
public struct TransferError: Error, Sendable, CustomStringConvertible {
    /// The sort of failure.
    public enum Kind: Sendable, Equatable {
        /// The config is wrong (missing key, bad value, unsupported template construct).
        case config
        /// A database or file could not be reached or refused the login.
        case connection
        /// A statement or a record failed while data moved.
        case data
        /// An unknown plugin type.
        case plugin
    }

    /// The sort of failure.
    public var kind: Kind
    /// The message printed to the user.
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }

    /// A config error (Embulk's `ConfigException`).
    static func config(_ message: String) -> TransferError { TransferError(.config, message) }
}
