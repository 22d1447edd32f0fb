/// A user's configuration is invalid: a bad `.dig` file, option, parameter or expression.
///
/// Digdag reports these as `ConfigException`; the message is shown to the user as is and,
/// when a task fails with it, `error.message` gets the suffix ` (config)`.
public struct ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The user-facing message, in Digdag's wording where Digdag has one.
    public var message: String

    /// Creates an error with a user-facing message.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
