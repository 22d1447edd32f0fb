import DigdagCore

/// Text with `${secret:key}` references, as users write them in `sh>` scripts, `_env` values and
/// `http>` URIs (Digdag's `UserSecretTemplate`).
///
/// A reference is `${`, a command, `:`, a key and `}`, with the shortest match for each part.
/// The command (trimmed) must be `secret`; any other command such as the shell's `${var:-x}`
/// is rejected when the template is created, with `Invalid parametrization: '${var:-x}'`.
public struct SecretTemplate: Sendable, Equatable {
    /// One `${cmd:key}` occurrence in the source text.
    struct Reference: Sendable, Equatable {
        /// Character range of the whole `${...}` text.
        var range: Range<String.Index>
        /// The key, trimmed.
        var key: String
    }

    /// The template text as given.
    public let source: String
    private let references: [Reference]

    /// Parses `source` and validates every `${cmd:key}` reference.
    ///
    /// - Throws: `ConfigError` (`Invalid parametrization: '${...}'`) when a command is not `secret`.
    public init(_ source: String) throws {
        self.source = source
        var found: [Reference] = []
        for match in SecretTemplate.scan(source) {
            guard match.command == "secret" else {
                throw ConfigError("Invalid parametrization: '\(source[match.range])'")
            }
            found.append(Reference(range: match.range, key: match.key))
        }
        self.references = found
    }

    /// True when the text holds at least one `${secret:...}` reference.
    public var containsSecrets: Bool { !references.isEmpty }

    /// The keys referenced, in order of appearance (trimmed, duplicates kept).
    public var keys: [String] { references.map(\.key) }

    /// The text with every reference replaced by its secret's value.
    ///
    /// - Throws: `OperatorError.runtime("Secret not found for key: 'k'")` when a secret is not set,
    ///   or whatever `secrets` throws.
    public func format(_ secrets: any SecretProvider) throws -> String {
        guard !references.isEmpty else { return source }
        var out = ""
        out.reserveCapacity(source.utf8.count)
        var cursor = source.startIndex
        for reference in references {
            out += source[cursor..<reference.range.lowerBound]
            guard let value = try secrets.secret(reference.key) else {
                throw SecretTemplate.secretNotFound(reference.key)
            }
            out += value
            cursor = reference.range.upperBound
        }
        out += source[cursor...]
        return out
    }

    /// Digdag's `SecretNotFoundException` message as an operator error.
    public static func secretNotFound(_ key: String) -> OperatorError {
        .runtime("Secret not found for key: '\(key)'")
    }

    /// Convenience: parses `source` and formats it in one step.
    public static func format(_ source: String, secrets: any SecretProvider) throws -> String {
        try SecretTemplate(source).format(secrets)
    }
}

extension SecretTemplate {
    /// A raw `${cmd:key}` match before validation.
    struct Match {
        var range: Range<String.Index>
        var command: String
        var key: String
    }

    /// Finds `${cmd:key}` occurrences the way the regex `\$\{([\s\S]*?):([\s\S]+?)\}` does:
    /// from each `${`, the first `:` then the first `}` after at least one key character.
    /// A `${` without such a completion is skipped and scanning resumes one character later.
    static func scan(_ text: String) -> [Match] {
        var matches: [Match] = []
        let chars = text.unicodeScalars
        var index = chars.startIndex
        while index < chars.endIndex {
            guard chars[index] == "$" else {
                index = chars.index(after: index)
                continue
            }
            let open = chars.index(after: index)
            guard open < chars.endIndex, chars[open] == "{" else {
                index = open
                continue
            }
            let commandStart = chars.index(after: open)
            guard let colon = chars[commandStart...].firstIndex(of: ":") else { break }
            let keyStart = chars.index(after: colon)
            // The key needs at least one character, which may itself be `}`.
            guard keyStart < chars.endIndex,
                let close = chars[chars.index(after: keyStart)...].firstIndex(of: "}")
            else { break }
            let end = chars.index(after: close)
            let range = index..<end
            matches.append(
                Match(
                    range: range,
                    command: trimmed(String(chars[commandStart..<colon])),
                    key: trimmed(String(chars[keyStart..<close]))
                )
            )
            index = end
        }
        return matches
    }

    /// Java's `String.trim()`: strips code points <= U+0020 at both ends.
    static func trimmed(_ s: String) -> String {
        let scalars = s.unicodeScalars
        guard let first = scalars.firstIndex(where: { $0.value > 0x20 }),
            let last = scalars.lastIndex(where: { $0.value > 0x20 })
        else { return "" }
        return String(scalars[first...last])
    }
}
