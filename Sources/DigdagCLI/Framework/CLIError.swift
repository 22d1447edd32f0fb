/// A command failure that is reported as `error: <message>` on stderr with exit code 1.
public struct CLIError: Error, CustomStringConvertible, Sendable {
    /// The text printed after `error: `.
    public let message: String

    /// Creates an error with the text printed after `error: `.
    public init(_ message: String) {
        self.message = message
    }

    /// The message, as printed.
    public var description: String { message }
}

/// Ends the process like Digdag's `SystemExitException`: an optional usage text first,
/// then `error: <message>` when there is a message, with the given exit code.
public struct SystemExit: Error, Sendable {
    /// Usage text printed to stderr before the message, if any.
    public let usage: String?
    /// Error message printed as `error: <message>`, if any.
    public let message: String?
    /// The process exit code.
    public let code: Int32

    /// Creates an exit with an explicit code.
    public init(code: Int32, message: String? = nil, usage: String? = nil) {
        self.code = code
        self.message = message
        self.usage = usage
    }

    /// A usage exit: prints `usage`, then the error if there is one.
    /// The code is 1 with an error message and 0 without, as in Digdag.
    public static func usage(_ usage: String, error: String? = nil) -> SystemExit {
        SystemExit(code: error == nil ? 0 : 1, message: error, usage: usage)
    }
}
