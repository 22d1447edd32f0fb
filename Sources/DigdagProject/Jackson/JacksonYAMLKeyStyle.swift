/// How Jackson's YAML generator writes a mapping key.
///
/// Jackson double-quotes a name that is empty, starts with `+`, `-`, `.` or a digit, or is a
/// YAML 1.1 boolean word; otherwise it asks SnakeYAML for a plain key, and SnakeYAML falls back
/// to single quotes when the text cannot be a plain scalar (e.g. `a: b`, `#x`, `*x`).
enum JacksonYAMLKeyStyle {
    private static let booleanNames: Set<String> = [
        "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
        "on", "On", "ON", "off", "Off", "OFF",
    ]

    /// The key as written before its `:`.
    static func render(_ key: String) -> String {
        if needsDoubleQuotes(key) { return doubleQuoted(key) }
        let analysis = PlainScalarAnalysis(key)
        if analysis.allowsBlockPlain && !analysis.isMultiline { return key }
        if analysis.allowsSingleQuoted && !analysis.isMultiline {
            return "'" + key.replacingOccurrences(of: "'", with: "''") + "'"
        }
        return doubleQuoted(key)
    }

    /// Jackson's own rule (`_nameNeedsQuoting`).
    static func needsDoubleQuotes(_ key: String) -> Bool {
        guard let first = key.first else { return true }
        if "+-.0123456789".contains(first) { return true }
        return booleanNames.contains(key)
    }

    private static func doubleQuoted(_ key: String) -> String {
        var out = "\""
        let units = Array(key.utf16)
        var index = 0
        while index < units.count {
            let unit = units[index]
            if DoubleQuotedEscaping.needsSpecialHandling(unit) {
                var consumed = 0
                out += DoubleQuotedEscaping.escape(unit, next: index + 1 < units.count ? units[index + 1] : nil, consumedNext: &consumed)
                index += consumed
            } else {
                out += String(decoding: [unit], as: UTF16.self)
            }
            index += 1
        }
        return out + "\""
    }
}

/// The parts of SnakeYAML's `Emitter.analyzeScalar` that decide a key's style.
struct PlainScalarAnalysis {
    private(set) var allowsBlockPlain = true
    private(set) var allowsSingleQuoted = true
    private(set) var isMultiline = false

    init(_ text: String) {
        let scalars = Array(text.unicodeScalars)
        guard !scalars.isEmpty else {
            allowsBlockPlain = false
            return
        }
        let lineBreaks: Set<Unicode.Scalar> = ["\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"]
        let blanks: Set<Unicode.Scalar> = [" ", "\t", "\0"]
        var blockIndicators = text.hasPrefix("---") || text.hasPrefix("...")
        var special = false
        var leadingSpace = false, trailingSpace = false, leadingBreak = false, trailingBreak = false
        var breakSpace = false, spaceBreak = false, previousSpace = false, previousBreak = false
        var precededByWhitespace = true
        for (index, scalar) in scalars.enumerated() {
            let next: Unicode.Scalar? = index + 1 < scalars.count ? scalars[index + 1] : nil
            let followedByWhitespace = next.map { blanks.contains($0) || lineBreaks.contains($0) } ?? true
            if index == 0 {
                if "#,[]{}&*!|>'\"%@`".unicodeScalars.contains(scalar) { blockIndicators = true }
                if (scalar == "?" || scalar == ":" || scalar == "-") && followedByWhitespace { blockIndicators = true }
            } else {
                if scalar == ":" && followedByWhitespace { blockIndicators = true }
                if scalar == "#" && precededByWhitespace { blockIndicators = true }
            }
            let isBreak = lineBreaks.contains(scalar)
            if isBreak { isMultiline = true }
            if !(scalar == "\n" || (0x20...0x7E).contains(scalar.value)) {
                let value = scalar.value
                let printable = value == 0x85 || (0xA0...0xD7FF).contains(value) || (0xE000...0xFFFD).contains(value)
                    || (0x10000...0x10FFFF).contains(value)
                if !printable { special = true }
            }
            if scalar == " " {
                if index == 0 { leadingSpace = true }
                if index == scalars.count - 1 { trailingSpace = true }
                if previousBreak { breakSpace = true }
                previousSpace = true
                previousBreak = false
            } else if isBreak {
                if index == 0 { leadingBreak = true }
                if index == scalars.count - 1 { trailingBreak = true }
                if previousSpace { spaceBreak = true }
                previousSpace = false
                previousBreak = true
            } else {
                previousSpace = false
                previousBreak = false
            }
            precededByWhitespace = blanks.contains(scalar) || isBreak
        }
        if leadingSpace || leadingBreak || trailingSpace || trailingBreak { allowsBlockPlain = false }
        if breakSpace { allowsBlockPlain = false; allowsSingleQuoted = false }
        if spaceBreak || special { allowsBlockPlain = false; allowsSingleQuoted = false }
        if blockIndicators { allowsBlockPlain = false }
    }
}
