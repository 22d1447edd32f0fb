import DigdagCore

/// A block-style emitter with SnakeYAML's layout choices as Jackson configures them:
/// indentation 2, indentless lists under mapping keys, flow `{}`/`[]` for empty containers,
/// line width 80 for folding double-quoted strings.
struct JacksonYAMLEmitter {
    private(set) var output = ""
    /// Current column in UTF-16 code units (SnakeYAML counts Java chars).
    private var column = 0
    static let indentStep = 2
    static let bestWidth = 80

    mutating func emitRoot(_ value: ConfigValue) {
        switch value {
        case .object(let object) where !object.isEmpty:
            emitMapping(object, indent: 0)
        case .array(let items) where !items.isEmpty:
            emitSequence(items, indent: 0)
        default:
            emitScalarOrEmpty(value, continuationIndent: Self.indentStep, leadingSpace: false)
        }
        write("\n")
    }

    /// A block mapping whose first key goes at the current position (already at `indent`).
    private mutating func emitMapping(_ object: Config, indent: Int) {
        var first = true
        for (key, value) in object {
            if !first { newLine(indent: indent) }
            first = false
            write(JacksonYAMLKeyStyle.render(key))
            write(":")
            switch value {
            case .object(let nested) where !nested.isEmpty:
                newLine(indent: indent + Self.indentStep)
                emitMapping(nested, indent: indent + Self.indentStep)
            case .array(let items) where !items.isEmpty:
                newLine(indent: indent)
                emitSequence(items, indent: indent)
            default:
                emitScalarOrEmpty(value, continuationIndent: indent + Self.indentStep, leadingSpace: true)
            }
        }
    }

    /// A block sequence whose first `-` goes at the current position (already at `indent`).
    private mutating func emitSequence(_ items: [ConfigValue], indent: Int) {
        var first = true
        for item in items {
            if !first { newLine(indent: indent) }
            first = false
            write("-")
            switch item {
            case .object(let nested) where !nested.isEmpty:
                write(" ")
                emitMapping(nested, indent: indent + Self.indentStep)
            case .array(let inner) where !inner.isEmpty:
                write(" ")
                emitSequence(inner, indent: indent + Self.indentStep)
            default:
                emitScalarOrEmpty(item, continuationIndent: indent + Self.indentStep, leadingSpace: true)
            }
        }
    }

    private mutating func emitScalarOrEmpty(_ value: ConfigValue, continuationIndent: Int, leadingSpace: Bool) {
        let space = leadingSpace ? " " : ""
        switch value {
        case .null: write(space + "null")
        case .bool(let flag): write(space + (flag ? "true" : "false"))
        case .int(let number): write(space + String(number))
        case .double(let number): write(space + JSONText.javaDouble(number))
        case .string(let text):
            write(space)
            writeDoubleQuoted(text, continuationIndent: continuationIndent)
        case .object: write(space + "{}")
        case .array: write(space + "[]")
        }
    }

    private mutating func newLine(indent: Int) {
        output += "\n" + String(repeating: " ", count: indent)
        column = indent
    }

    private mutating func write(_ text: String) {
        output += text
        column += text.utf16.count
    }

    /// SnakeYAML's double-quoted writer with line splitting: escapes, then folds after a space
    /// (or an escape) once the line would pass 80 columns, ending the line with `\`.
    private mutating func writeDoubleQuoted(_ text: String, continuationIndent: Int) {
        let units = Array(text.utf16)
        write("\"")
        var start = 0
        var end = 0
        while end <= units.count {
            let unit: UInt16? = end < units.count ? units[end] : nil
            if unit == nil || DoubleQuotedEscaping.needsSpecialHandling(unit ?? 0) {
                if start < end {
                    write(String(decoding: units[start..<end], as: UTF16.self))
                    start = end
                }
                if let unit {
                    var consumed = 0
                    let data = DoubleQuotedEscaping.escape(unit, next: end + 1 < units.count ? units[end + 1] : nil, consumedNext: &consumed)
                    end += consumed
                    write(data)
                    start = end + 1
                }
            }
            if end > 0, end < units.count - 1, unit == 0x20 || start >= end,
                column + (end - start) > Self.bestWidth
            {
                let data = start >= end ? "\\" : String(decoding: units[start..<end], as: UTF16.self) + "\\"
                if start < end { start = end }
                write(data)
                newLine(indent: continuationIndent)
                if units[start] == 0x20 { write("\\") }
            }
            end += 1
        }
        write("\"")
    }
}
