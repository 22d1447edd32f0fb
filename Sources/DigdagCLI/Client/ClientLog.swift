import Foundation

/// Log lines of client commands on stderr in Digdag's console format
/// (`2023-07-16 10:55:36 +0900 [WARN] (main): message`).
enum ClientLog {
    /// Writes a WARN line.
    static func warn(_ message: String) {
        StandardStreams.err("\(Banner.formatLocalTime(time(nil))) [WARN] (main): \(message)")
    }
}
