/// Java's string splitting and integer parsing, whose edge cases decide which schedule
/// texts Digdag accepts (`"10:"` splits into one field, `"+5"` is an integer).
enum JavaStringRules {
    /// `String.split(separator, limit)` for a one-character separator: with `limit` 0, trailing
    /// empty strings are removed; with a positive limit, at most `limit` parts and nothing removed.
    static func split(_ text: String, _ separator: Character, limit: Int = 0) -> [String] {
        var parts: [String] = []
        var current = ""
        for character in text {
            if character == separator && (limit <= 0 || parts.count < limit - 1) {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        if limit == 0 {
            while parts.count > 1, parts.last == "" { parts.removeLast() }
            if parts == [""] && !text.isEmpty { return [] }
        }
        return parts
    }

    /// `StringTokenizer`: the non-empty runs between any of the delimiter characters.
    static func tokens(_ text: Substring, _ delimiters: Set<Character>) -> [Substring] {
        text.split(whereSeparator: { delimiters.contains($0) })
    }

    /// `Integer.parseInt`: an optional sign and ASCII digits within the 32-bit range.
    static func parseInt(_ text: some StringProtocol) -> Int? {
        var digits = Substring(text)
        var negative = false
        if let sign = digits.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), digits.count <= 11,
            let magnitude = Int(digits)
        else { return nil }
        let value = negative ? -magnitude : magnitude
        guard value >= Int(Int32.min), value <= Int(Int32.max) else { return nil }
        return value
    }
}
