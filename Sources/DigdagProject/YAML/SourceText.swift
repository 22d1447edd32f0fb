/// The text being parsed, split in lines, to print SnakeYAML-style positions and snippets.
struct SourceText {
    private let lines: [[Unicode.Scalar]]

    init(_ text: String) {
        var lines: [[Unicode.Scalar]] = [[]]
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                if !previousWasCR { lines.append([]) }
                previousWasCR = false
            } else if scalar == "\r" {
                lines.append([])
                previousWasCR = true
            } else {
                lines[lines.count - 1].append(scalar)
                previousWasCR = false
            }
        }
        self.lines = lines
    }

    /// The message SnakeYAML's `MarkedYAMLException` prints: context, its mark, problem, its mark,
    /// each part on its own lines, ending with a line break.
    func message(context: (String, SnakeYAMLErrorText.Position)?, problem: String, at: SnakeYAMLErrorText.Position)
        -> String
    {
        var out = ""
        if let (text, mark) = context {
            out += text + "\n" + markText(mark) + "\n"
        }
        out += problem + "\n" + markText(at) + "\n"
        return out
    }

    /// Like ``message(context:problem:at:)`` for errors whose context has no position.
    func message(contextWithoutMark context: String?, problem: String, at: SnakeYAMLErrorText.Position) -> String {
        var out = ""
        if let context { out += context + "\n" }
        out += problem + "\n" + markText(at) + "\n"
        return out
    }

    /// ` in 'string', line L, column C:` followed by the snippet and a caret line.
    func markText(_ position: SnakeYAMLErrorText.Position) -> String {
        " in 'string', line \(position.line), column \(position.column):\n" + snippet(position)
    }

    /// The source line around the position (at most ~75 characters, elided with ` ... `) and a caret.
    func snippet(_ position: SnakeYAMLErrorText.Position) -> String {
        let line = lineScalars(position.line)
        let pointer = max(0, min(position.column - 1, line.count))
        let half = 36
        var start = pointer
        var head = ""
        while start > 0 {
            start -= 1
            if pointer - start > half {
                head = " ... "
                start += 5
                break
            }
        }
        var end = pointer
        var tail = ""
        while end < line.count {
            end += 1
            if end - pointer > half {
                tail = " ... "
                end -= 5
                break
            }
        }
        var text = String(repeating: " ", count: 4) + head
        text.unicodeScalars.append(contentsOf: line[start..<max(start, end)])
        text += tail + "\n"
        text += String(repeating: " ", count: 4 + pointer - start + head.count) + "^"
        return text
    }

    /// The character at a position, or nil at the end of a line or the stream.
    func character(at position: SnakeYAMLErrorText.Position) -> Unicode.Scalar? {
        let line = lineScalars(position.line)
        let index = position.column - 1
        guard index >= 0, index < line.count else { return nil }
        return line[index]
    }

    /// A character as SnakeYAML shows it in "but found" messages: `x(120)`.
    func describeCharacter(at position: SnakeYAMLErrorText.Position) -> String {
        guard let scalar = character(at: position) else { return "\\n(10)" }
        let shown = scalar == "\t" ? "\\t" : String(scalar)
        return "\(shown)(\(scalar.value))"
    }

    /// The word (anchor/alias name) starting at a position, optionally after its indicator.
    func word(at position: SnakeYAMLErrorText.Position, droppingFirst: Bool) -> String? {
        let line = lineScalars(position.line)
        var index = position.column - 1 + (droppingFirst ? 1 : 0)
        guard index >= 0, index < line.count else { return nil }
        var name = ""
        while index < line.count, !" \t,[]{}".unicodeScalars.contains(line[index]) {
            name.unicodeScalars.append(line[index])
            index += 1
        }
        return name.isEmpty ? nil : name
    }

    /// A best guess of the SnakeYAML token found at a position (`<scalar>`, `-`, `[`, ...).
    func tokenName(at position: SnakeYAMLErrorText.Position) -> String {
        let line = lineScalars(position.line)
        let index = position.column - 1
        if position.line > lines.count || (index >= line.count && position.line == lines.count) {
            return "<stream end>"
        }
        guard index >= 0, index < line.count else { return "<block end>" }
        let rest = String(String.UnicodeScalarView(line[index...]))
        if index == 0 && rest.hasPrefix("---") { return "<document start>" }
        if index == 0 && rest.hasPrefix("...") { return "<document end>" }
        let first = line[index]
        let next: Unicode.Scalar? = index + 1 < line.count ? line[index + 1] : nil
        let followedBySpace = next == nil || next == " " || next == "\t"
        switch first {
        case "-" where followedBySpace: return "-"
        case "?" where followedBySpace: return "?"
        case ":" where followedBySpace: return ":"
        case "[", "]", "{", "}", ",": return String(first)
        case "&": return "<anchor>"
        case "*": return "<alias>"
        case "!": return "<tag>"
        default:
            if rest.contains(": ") || rest.hasSuffix(":") { return "<block mapping start>" }
            return "<scalar>"
        }
    }

    private func lineScalars(_ number: Int) -> [Unicode.Scalar] {
        guard number >= 1, number <= lines.count else { return [] }
        return lines[number - 1]
    }
}
