/// Splits PostgreSQL text into statements at top-level `;`, as the JDBC driver does before it
/// sends them: quotes (`'...'`, `E'...'`, `"..."`, `$tag$...$tag$`) and comments (`--`,
/// nested `/* */`) are kept intact. Statements holding only blanks and comments are dropped.
enum PostgresStatementSplitter {
    static func split(_ sql: String) -> [String] {
        let chars = Array(sql.unicodeScalars)
        var statements: [String] = []
        var start = 0
        var hasContent = false
        var i = 0
        func flush(_ end: Int) {
            if hasContent {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: chars[start..<end])
                statements.append(String(view).trimmingWhitespace())
            }
            start = end + 1
            hasContent = false
        }
        while i < chars.count {
            let c = chars[i]
            let next: Unicode.Scalar? = i + 1 < chars.count ? chars[i + 1] : nil
            switch c {
            case ";":
                flush(i)
                i += 1
            case "-" where next == "-":
                while i < chars.count && chars[i] != "\n" { i += 1 }
            case "/" where next == "*":
                var depth = 0
                while i < chars.count {
                    if chars[i] == "/" && i + 1 < chars.count && chars[i + 1] == "*" {
                        depth += 1
                        i += 2
                    } else if chars[i] == "*" && i + 1 < chars.count && chars[i + 1] == "/" {
                        depth -= 1
                        i += 2
                        if depth == 0 { break }
                    } else {
                        i += 1
                    }
                }
            case "'", "\"":
                let backslashes = c == "'" && i > 0 && (chars[i - 1] == "E" || chars[i - 1] == "e")
                    && (i < 2 || !isIdentifierPart(chars[i - 2]))
                i = skipQuoted(chars, from: i, quote: c, backslashes: backslashes)
                hasContent = true
            case "$":
                if let end = dollarQuoteEnd(chars, from: i) {
                    i = end
                } else {
                    i += 1
                }
                hasContent = true
            default:
                if !c.properties.isWhitespace { hasContent = true }
                i += 1
            }
        }
        flush(chars.count)
        return statements
    }

    /// Index after the closing quote (doubled quotes and, for `E''`, backslashes escape).
    private static func skipQuoted(_ chars: [Unicode.Scalar], from: Int, quote: Unicode.Scalar, backslashes: Bool) -> Int {
        var i = from + 1
        while i < chars.count {
            if backslashes && chars[i] == "\\" {
                i += 2
            } else if chars[i] == quote {
                if i + 1 < chars.count && chars[i + 1] == quote {
                    i += 2
                } else {
                    return i + 1
                }
            } else {
                i += 1
            }
        }
        return i
    }

    /// For `$tag$...$tag$` starting at `from`, the index after the closing tag.
    private static func dollarQuoteEnd(_ chars: [Unicode.Scalar], from: Int) -> Int? {
        if from > 0 && isIdentifierPart(chars[from - 1]) { return nil }
        var j = from + 1
        while j < chars.count && chars[j] != "$" {
            guard isIdentifierPart(chars[j]) && !(j == from + 1 && ("0"..."9").contains(chars[j])) else { return nil }
            j += 1
        }
        guard j < chars.count else { return nil }
        let tag = Array(chars[from...j])
        var k = j + 1
        while k + tag.count <= chars.count {
            if Array(chars[k..<(k + tag.count)]) == tag { return k + tag.count }
            k += 1
        }
        return chars.count
    }

    private static func isIdentifierPart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c.properties.isAlphabetic || ("0"..."9").contains(c) || c.value > 0x7F
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
