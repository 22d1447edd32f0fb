import DigdagCore

/// A `${...}` body that is only a variable path, such as `session_date`, `a.b` or `a.b[0]`, which
/// can be answered from the scope without running JavaScript.
struct PlainReference: Equatable {
    /// One property access after the variable name.
    enum Access: Equatable {
        /// `.name` or `['name']`.
        case property(String)
        /// `[3]` or `['3']`.
        case index(Int)
    }

    /// The variable name.
    var variable: String
    /// The property accesses, left to right.
    var accesses: [Access]

    /// Parses `identifier ( .identifier | [digits] | ['text'] | ["text"] )*` with optional blanks
    /// around it; returns nil for anything else (which then goes to JavaScript).
    init?(_ expression: String) {
        var scanner = Scanner(bytes: Array(expression.utf8))
        scanner.skipBlanks()
        guard let variable = scanner.identifier(), !JavaScriptNames.reservedWords.contains(variable) else {
            return nil
        }
        var accesses: [Access] = []
        while !scanner.atEnd && !scanner.atBlank {
            guard let access = scanner.access() else { return nil }
            accesses.append(access)
        }
        scanner.skipBlanks()
        guard scanner.atEnd else { return nil }
        self.variable = variable
        self.accesses = accesses
    }

    /// A byte cursor over the expression.
    private struct Scanner {
        let bytes: [UInt8]
        var position = 0

        var atEnd: Bool { position >= bytes.count }
        var atBlank: Bool { !atEnd && Scanner.isBlank(bytes[position]) }

        static func isBlank(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
        }

        static func isIdentifierStart(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$")
        }

        static func isDigit(_ byte: UInt8) -> Bool {
            byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
        }

        mutating func skipBlanks() {
            while atBlank { position += 1 }
        }

        mutating func identifier() -> String? {
            guard !atEnd, Scanner.isIdentifierStart(bytes[position]) else { return nil }
            let start = position
            while !atEnd, Scanner.isIdentifierStart(bytes[position]) || Scanner.isDigit(bytes[position]) {
                position += 1
            }
            // A non-ASCII byte right after means a Unicode identifier: leave it to JavaScript.
            if !atEnd && bytes[position] >= 0x80 { return nil }
            return String(decoding: bytes[start..<position], as: UTF8.self)
        }

        mutating func access() -> Access? {
            switch bytes[position] {
            case UInt8(ascii: "."):
                position += 1
                return identifier().map(Access.property)
            case UInt8(ascii: "["):
                position += 1
                let access = bracketContent()
                guard !atEnd, bytes[position] == UInt8(ascii: "]") else { return nil }
                position += 1
                return access
            default:
                return nil
            }
        }

        mutating func bracketContent() -> Access? {
            guard !atEnd else { return nil }
            let first = bytes[position]
            if Scanner.isDigit(first) {
                let start = position
                while !atEnd, Scanner.isDigit(bytes[position]) { position += 1 }
                let text = String(decoding: bytes[start..<position], as: UTF8.self)
                guard let index = JavaScriptJSON.arrayIndex(text), index < 1_000_000_000 else { return nil }
                return .index(Int(index))
            }
            guard first == UInt8(ascii: "'") || first == UInt8(ascii: "\"") else { return nil }
            position += 1
            let start = position
            while !atEnd, bytes[position] != first {
                // Escapes and line breaks need a real JavaScript lexer.
                if bytes[position] == UInt8(ascii: "\\") || bytes[position] == 0x0A || bytes[position] == 0x0D {
                    return nil
                }
                position += 1
            }
            guard !atEnd else { return nil }
            let name = String(decoding: bytes[start..<position], as: UTF8.self)
            position += 1
            if let index = JavaScriptJSON.arrayIndex(name), index < 1_000_000_000 {
                return .index(Int(index))
            }
            return .property(name)
        }
    }
}
