import Foundation

/// Turns errors from any layer into the one-line text shown after `error: `.
enum ErrorText {
    /// The most helpful human-readable text of `error`.
    static func describe(_ error: any Error) -> String {
        if let failure = error as? CLIError {
            return failure.message
        }
        if let localized = error as? LocalizedError, let text = localized.errorDescription {
            return text
        }
        // Uses `description` when the error is CustomStringConvertible.
        return String(describing: error)
    }
}

/// Rewrites ArgumentParser's rare leftover messages into JCommander's wording.
enum ParserMessage {
    /// Digdag-style text for an ArgumentParser error message.
    static func digdagText(for message: String) -> String {
        let firstLine = message.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? message
        if let name = quoted(after: "Unknown option ", in: firstLine) {
            return "Unknown option: \(name)"
        }
        if let name = quoted(after: "Missing value for ", in: firstLine) {
            let option = name.split(separator: " ").first.map(String.init) ?? name
            return "Expected a value after parameter \(option)"
        }
        if firstLine.hasPrefix("Error: ") {
            return String(firstLine.dropFirst("Error: ".count))
        }
        return firstLine
    }

    private static func quoted(after prefix: String, in text: String) -> String? {
        guard text.hasPrefix(prefix + "'") else { return nil }
        let rest = text.dropFirst(prefix.count + 1)
        guard let end = rest.firstIndex(of: "'") else { return nil }
        return String(rest[..<end])
    }
}
