/// Secret key and value rules (`client:api/SecretValidation.java`).
enum SecretValidation {
    /// Longest key, in characters.
    static let maxKeyLength = 255
    /// Largest value, in UTF-8 bytes.
    static let maxValueBytes = 16 * 1024

    /// Dot-separated segments, each a letter, or a letter, then letters/digits/`_`/`-`, ending
    /// with a letter or digit.
    static func isValidKey(_ key: String) -> Bool {
        guard key.count <= maxKeyLength, !key.isEmpty else { return false }
        return key.split(separator: ".", omittingEmptySubsequences: false).allSatisfy(isValidSegment)
    }

    /// At most ``maxValueBytes`` bytes of UTF-8.
    static func isValidValue(_ value: String) -> Bool {
        value.utf8.count <= maxValueBytes
    }

    private static func isValidSegment(_ segment: Substring) -> Bool {
        guard let first = segment.first, isLetter(first) else { return false }
        if segment.count == 1 { return true }
        guard let last = segment.last, isLetter(last) || isDigit(last) else { return false }
        return segment.allSatisfy { isLetter($0) || isDigit($0) || $0 == "_" || $0 == "-" }
    }

    private static func isLetter(_ char: Character) -> Bool {
        ("a"..."z").contains(char) || ("A"..."Z").contains(char)
    }

    private static func isDigit(_ char: Character) -> Bool {
        ("0"..."9").contains(char)
    }
}
