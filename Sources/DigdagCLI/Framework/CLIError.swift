/// A command failure that is reported as `error: <message>` on stderr with exit code 1.
struct CLIError: Error, CustomStringConvertible, Sendable {
    /// The text printed after `error: `.
    let message: String

    /// Creates an error with the text printed after `error: `.
    init(_ message: String) {
        self.message = message
    }

    /// The message, as printed.
    var description: String { message }
}

/// Ends the process like Digdag's `SystemExitException`: an optional usage text first,
/// then `error: <message>` when there is a message, with the given exit code.
struct SystemExit: Error, Sendable {
    /// Usage text printed to stderr before the message, if any.
    let usage: String?
    /// Error message printed as `error: <message>`, if any.
    let message: String?
    /// The process exit code.
    let code: Int32

    /// Creates an exit with an explicit code.
    init(code: Int32, message: String? = nil, usage: String? = nil) {
        self.code = code
        self.message = message
        self.usage = usage
    }

    /// A usage exit: prints `usage`, then the error if there is one.
    /// The code is 1 with an error message and 0 without, as in Digdag.
    static func usage(_ usage: String, error: String? = nil) -> SystemExit {
        SystemExit(code: error == nil ? 0 : 1, message: error, usage: usage)
    }
}
