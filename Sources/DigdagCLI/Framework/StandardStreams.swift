import Foundation

/// Unbuffered line output to the process's stdout and stderr.
///
/// Digdag writes user-facing text through Java `PrintStream`s; this keeps the same order of
/// lines within each stream and flushes immediately so that interleaving with child processes
/// stays sensible.
enum StandardStreams {
    /// Writes `line` and a newline to stdout.
    static func out(_ line: String) {
        write(line + "\n", to: FileHandle.standardOutput)
    }

    /// Writes `line` and a newline to stderr.
    static func err(_ line: String) {
        write(line + "\n", to: FileHandle.standardError)
    }

    /// Writes `text` as is (no newline added) to stdout.
    static func outRaw(_ text: String) {
        write(text, to: FileHandle.standardOutput)
    }

    /// Writes `text` as is (no newline added) to stderr.
    static func errRaw(_ text: String) {
        write(text, to: FileHandle.standardError)
    }

    private static func write(_ text: String, to handle: FileHandle) {
        try? handle.write(contentsOf: Data(text.utf8))
    }
}
