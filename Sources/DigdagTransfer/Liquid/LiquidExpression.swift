/// A Liquid expression: a value (variable path, literal or range) and its filters.
struct LiquidExpression: Sendable {
    indirect enum Operand: Sendable {
        case literal(LiquidValue)
        case path(String, [Operand])  // first name, then keys/indexes
        case range(Operand, Operand)
    }

    var operand: Operand
    var filters: [(name: String, args: [Operand])]

    /// A condition: comparisons joined by and/or.
    indirect enum Condition: Sendable {
        case value(Operand)
        case compare(Operand, String, Operand)
        case and(Condition, Condition)
        case or(Condition, Condition)
    }
}

/// The tokens of expression text.
enum LiquidToken: Equatable {
    case word(String)
    case string(String)
    case number(String)
    case symbol(String)
}

/// Parses expression text (`env.HOST | default: 'localhost'`, `a == 1 and b`).
struct LiquidExpressionParser {
    private var tokens: [LiquidToken]
    private var position = 0
    private let source: String

    init(_ text: String) throws {
        source = text
        tokens = try Self.lex(text)
    }

    static func lex(_ text: String) throws -> [LiquidToken] {
        var result: [LiquidToken] = []
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace { i += 1; continue }
            if c == "'" || c == "\"" {
                var j = i + 1
                while j < chars.count && chars[j] != c { j += 1 }
                guard j < chars.count else { throw TransferError.config("Liquid: unterminated string in '\(text)'") }
                result.append(.string(String(chars[(i + 1)..<j])))
                i = j + 1
            } else if c.isNumber || (c == "-" && i + 1 < chars.count && chars[i + 1].isNumber) {
                var j = i + 1
                while j < chars.count && (chars[j].isNumber || (chars[j] == "." && j + 1 < chars.count && chars[j + 1].isNumber)) { j += 1 }
                result.append(.number(String(chars[i..<j])))
                i = j
            } else if c.isLetter || c == "_" {
                var j = i + 1
                while j < chars.count && (chars[j].isLetter || chars[j].isNumber || chars[j] == "_" || chars[j] == "-" || chars[j] == "?") { j += 1 }
                result.append(.word(String(chars[i..<j])))
                i = j
            } else {
                let two = i + 1 < chars.count ? String(chars[i...(i + 1)]) : ""
                if ["==", "!=", "<>", "<=", ">=", ".."].contains(two) {
                    result.append(.symbol(two))
                    i += 2
                } else if "|:,.()[]<>=".contains(c) {
                    result.append(.symbol(String(c)))
                    i += 1
                } else {
                    throw TransferError.config("Liquid: unexpected character '\(c)' in '\(text)'")
                }
            }
        }
        return result
    }

    var atEnd: Bool { position >= tokens.count }
    private var peek: LiquidToken? { position < tokens.count ? tokens[position] : nil }

    private mutating func next() -> LiquidToken? {
        defer { position += 1 }
        return peek
    }

    private mutating func expect(_ symbol: String) throws {
        guard next() == .symbol(symbol) else { throw error("expected '\(symbol)'") }
    }

    func error(_ what: String) -> TransferError {
        TransferError.config("Liquid syntax error: \(what) in '\(source)'")
    }

    /// The next word (a tag argument such as a variable name or `in`).
    mutating func word() throws -> String {
        guard case .word(let word)? = next() else { throw error("expected a name") }
        return word
    }

    mutating func skip(_ symbol: String) -> Bool {
        if peek == .symbol(symbol) { position += 1; return true }
        return false
    }

    mutating func skipWord(_ word: String) -> Bool {
        if peek == .word(word) { position += 1; return true }
        return false
    }

    /// `operand | filter: args | ...`
    mutating func expression() throws -> LiquidExpression {
        let operand = try self.operand()
        var filters: [(String, [LiquidExpression.Operand])] = []
        while skip("|") {
            let name = try word()
            var args: [LiquidExpression.Operand] = []
            if skip(":") {
                repeat {
                    if case .word? = peek, position + 1 < tokens.count, tokens[position + 1] == .symbol(":") {
                        position += 2  // keyword argument: keep the value only
                    }
                    args.append(try self.operand())
                } while skip(",")
            }
            filters.append((name, args))
        }
        return LiquidExpression(operand: operand, filters: filters)
    }

    mutating func operand() throws -> LiquidExpression.Operand {
        switch next() {
        case .string(let s)?: return .literal(.string(s))
        case .number(let n)?: return .literal(Int(n).map(LiquidValue.int) ?? .double(Double(n) ?? 0))
        case .symbol("(")?:
            let from = try operand()
            try expect("..")
            let to = try operand()
            try expect(")")
            return .range(from, to)
        case .symbol("[")?:
            let key = try operand()
            try expect("]")
            return try pathRest(.path("", [key]))
        case .word(let word)?:
            switch word {
            case "true": return .literal(.bool(true))
            case "false": return .literal(.bool(false))
            case "nil", "null": return .literal(.nil_)
            case "empty", "blank": return .literal(.string(""))
            default: return try pathRest(.path(word, []))
            }
        default: throw error("expected a value")
        }
    }

    private mutating func pathRest(_ start: LiquidExpression.Operand) throws -> LiquidExpression.Operand {
        guard case .path(let head, var keys) = start else { return start }
        while true {
            if skip(".") {
                keys.append(.literal(.string(try word())))
            } else if peek == .symbol("[") {
                position += 1
                keys.append(try operand())
                try expect("]")
            } else {
                return .path(head, keys)
            }
        }
    }

    /// `a == b and c or d` (Liquid evaluates and/or from the right).
    mutating func condition() throws -> LiquidExpression.Condition {
        let left = try comparison()
        if skipWord("and") { return .and(left, try condition()) }
        if skipWord("or") { return .or(left, try condition()) }
        return left
    }

    private mutating func comparison() throws -> LiquidExpression.Condition {
        let left = try operand()
        if case .symbol(let op)? = peek, ["==", "!=", "<>", "<", ">", "<=", ">="].contains(op) {
            position += 1
            return .compare(left, op, try operand())
        }
        if skipWord("contains") { return .compare(left, "contains", try operand()) }
        return .value(left)
    }
}
