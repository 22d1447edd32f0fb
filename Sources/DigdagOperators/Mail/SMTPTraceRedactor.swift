/// Hides credentials in a logged SMTP conversation: everything the client sends from
/// `AUTH` until the server's final reply to it is shown as `****`.
struct SMTPTraceRedactor: Sendable {
    private var authenticating = false

    /// The text to show for a client command line.
    mutating func command(_ line: String) -> String {
        if line.uppercased().hasPrefix("AUTH ") {
            authenticating = true
            let words = line.split(separator: " ", maxSplits: 2)
            return words.count > 2 ? "\(words[0]) \(words[1]) ****" : line
        }
        return authenticating ? "****" : line
    }

    /// Notes a server reply line: anything but a 3xx continuation ends authentication.
    mutating func reply(_ line: String) {
        if authenticating, !line.hasPrefix("3") { authenticating = false }
    }
}
