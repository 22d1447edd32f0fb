/// One piece of a `${...}` template: literal text or the source of one expression.
public enum TemplateSegment: Equatable, Sendable {
    /// Text copied to the output (already with `$$` turned into `$`).
    case literal(String)
    /// The JavaScript source between `${` and its matching `}`.
    case expression(String)
}

extension TemplateSegment {
    /// Splits a template the way Digdag's extended syntax (GraalJS, the 0.10 default) does.
    ///
    /// - From each `${` the matching `}` is found by counting braces (quotes are not special).
    /// - `${` directly followed by lowercase letters and `:` (e.g. `${secret:key}`) is literal text.
    /// - An unterminated `${`, or one at the very end, is literal text up to the end.
    /// - In literal text `$$` becomes `$`; `${}` produces nothing.
    public static func split(_ template: String) -> [TemplateSegment] {
        let bytes = Array(template.utf8)
        var segments: [TemplateSegment] = []
        var position = 0
        while position < bytes.count {
            guard let start = nextExpressionStart(in: bytes, from: position) else {
                appendLiteral(bytes[position...], to: &segments)
                break
            }
            appendLiteral(bytes[position..<start], to: &segments)
            guard let end = matchingBrace(in: bytes, after: start + 2) else {
                appendLiteral(bytes[start...], to: &segments)
                break
            }
            if end > start + 2 {
                segments.append(.expression(String(decoding: bytes[(start + 2)..<end], as: UTF8.self)))
            }
            position = end + 1
        }
        return segments
    }

    /// The index of the next `${` that opens an expression: at least one character follows it and
    /// it is not an operator template such as `${secret:...}`.
    private static func nextExpressionStart(in bytes: [UInt8], from position: Int) -> Int? {
        var index = position
        while index + 2 < bytes.count {
            if bytes[index] == UInt8(ascii: "$"), bytes[index + 1] == UInt8(ascii: "{"),
                !startsWithLowercaseColon(bytes, at: index + 2)
            {
                return index
            }
            index += 1
        }
        return nil
    }

    /// True when `[a-z]+:` starts at `index`.
    private static func startsWithLowercaseColon(_ bytes: [UInt8], at index: Int) -> Bool {
        var cursor = index
        while cursor < bytes.count, bytes[cursor] >= UInt8(ascii: "a"), bytes[cursor] <= UInt8(ascii: "z") {
            cursor += 1
        }
        return cursor > index && cursor < bytes.count && bytes[cursor] == UInt8(ascii: ":")
    }

    /// The index of the `}` that closes a `${` whose body starts at `bodyStart`.
    private static func matchingBrace(in bytes: [UInt8], after bodyStart: Int) -> Int? {
        var depth = 0
        for index in bodyStart..<bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "{"):
                depth += 1
            case UInt8(ascii: "}"):
                if depth == 0 { return index }
                depth -= 1
            default:
                break
            }
        }
        return nil
    }

    private static func appendLiteral(_ bytes: ArraySlice<UInt8>, to segments: inout [TemplateSegment]) {
        guard !bytes.isEmpty else { return }
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            text.append(bytes[index])
            if bytes[index] == UInt8(ascii: "$"), index + 1 < bytes.endIndex, bytes[index + 1] == UInt8(ascii: "$") {
                index += 2
            } else {
                index += 1
            }
        }
        let literal = String(decoding: text, as: UTF8.self)
        if case .literal(let previous)? = segments.last {
            segments[segments.count - 1] = .literal(previous + literal)
        } else {
            segments.append(.literal(literal))
        }
    }
}
