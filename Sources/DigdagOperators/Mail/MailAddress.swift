import DigdagCore

/// One mailbox as written by users: `user@example.com` or `Name <user@example.com>`.
///
/// Parsing is deliberately strict about what could break the message: control characters,
/// unbalanced angle brackets and spaces inside the address are rejected with Digdag's
/// `Invalid address` configuration error.
struct MailAddress: Sendable, Equatable {
    /// The display name, if any (quotes removed).
    var name: String?
    /// The address for the SMTP envelope, e.g. `user@example.com`.
    var address: String

    /// Parses `text`; throws `ConfigError("Invalid address")`.
    init(_ text: String) throws {
        let invalid = ConfigError("Invalid address")
        if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { throw invalid }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let open = trimmed.lastIndex(of: "<") {
            guard trimmed.hasSuffix(">") else { throw invalid }
            let inner = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
            var display = trimmed[..<open].trimmingCharacters(in: .whitespaces)
            if display.count >= 2, display.hasPrefix("\""), display.hasSuffix("\"") {
                display = String(display.dropFirst().dropLast())
            }
            name = display.isEmpty ? nil : display
            address = String(inner)
        } else {
            name = nil
            address = trimmed
        }
        guard Self.isValidAddress(address), !(name ?? "").contains(where: { $0 == "<" || $0 == ">" }) else {
            throw invalid
        }
    }

    /// The header form: the address alone, or the name (quoted or RFC 2047 encoded) and `<address>`.
    var headerText: String {
        guard let name else { return address }
        let display = MIMEEncoding.isPlainASCII(name) ? "\"" + escapeQuotes(name) + "\"" : MIMEEncoding.encodedWord(name)
        return "\(display) <\(address)>"
    }

    private func escapeQuotes(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }

    private static func isValidAddress(_ address: String) -> Bool {
        guard !address.isEmpty, address.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            return false
        }
        let forbidden: Set<Character> = ["<", ">", "(", ")", ",", ";", ":", "\\", "\"", "[", "]"]
        if address.contains(where: { forbidden.contains($0) }) { return false }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return true  // a local address, as JavaMail accepts
        case 2: return !parts[0].isEmpty && !parts[1].isEmpty
        default: return false
        }
    }
}
