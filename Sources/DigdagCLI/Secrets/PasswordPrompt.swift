#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads one line from the terminal with echo turned off (Java `Console.readPassword`).
enum PasswordPrompt {
    /// Prompts on stdout and reads stdin without echo. Without a terminal Digdag fails with a
    /// null-pointer error, and so does this (same message).
    static func read(prompt: String) throws -> String {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw CLIError("NullPointerException (null pointer)")
        }
        var original = termios()
        tcgetattr(STDIN_FILENO, &original)
        var silent = original
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &original)
            StandardStreams.errRaw("")
        }
        StandardStreams.outRaw(prompt + " ")
        let line = readLine(strippingNewline: true) ?? ""
        StandardStreams.outRaw("\n")
        return line
    }
}
