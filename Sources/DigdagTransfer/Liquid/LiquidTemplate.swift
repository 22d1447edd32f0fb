/// A parsed Liquid template, as Embulk renders `.yml.liquid` configs (liqp): `{{ env.NAME }}`,
/// filters, `if`/`unless`/`case`/`for`/`assign`/`capture`/`comment`/`raw` and `{% include %}`.
/// Anything else fails with an error naming the construct.
public struct LiquidTemplate: Sendable {
    indirect enum Node: Sendable {
        case text(String)
        case output(LiquidExpression)
        case branches([(LiquidExpression.Condition?, [Node])])
        case unless(LiquidExpression.Condition, [Node], [Node])
        case cases(LiquidExpression, [([LiquidExpression.Operand], [Node])], [Node])
        case loop(variable: String, over: LiquidExpression, body: [Node], empty: [Node], reversed: Bool, limit: LiquidExpression.Operand?, offset: LiquidExpression.Operand?)
        case assign(String, LiquidExpression)
        case capture(String, [Node])
        case include(LiquidExpression.Operand)
    }

    enum Token {
        case text(String)
        case output(String)
        case tag(String)
    }

    let nodes: [Node]
    /// The template's name, for messages.
    public let name: String

    /// Parses `source`.
    public init(_ source: String, name: String) throws {
        self.name = name
        var tokens = try Self.tokenize(source, name: name)[...]
        var parser = Parser(name: name)
        let (nodes, end) = try parser.block(&tokens, until: [])
        if let end { throw TransferError.config("Liquid: unexpected {% \(end) %} in \(name)") }
        self.nodes = nodes
    }

    /// Splits text, `{{ }}` and `{% %}` (with `-` whitespace control and `{% raw %}`).
    static func tokenize(_ source: String, name: String) throws -> [Token] {
        var tokens: [Token] = []
        var rest = Substring(source)
        var trimNext = false
        while !rest.isEmpty {
            guard let open = rest.firstRange(of: "{{").map({ ($0, true) }).flatMap({ first in
                rest.firstRange(of: "{%").map { $0.lowerBound < first.0.lowerBound ? ($0, false) : first } ?? first
            }) ?? rest.firstRange(of: "{%").map({ ($0, false) }) else {
                tokens.append(.text(trimNext ? String(rest.drop { $0.isWhitespace }) : String(rest)))
                break
            }
            var text = rest[..<open.0.lowerBound]
            if trimNext { text = text.drop { $0.isWhitespace } }
            var inner = rest[open.0.upperBound...]
            if inner.first == "-" {
                inner = inner.dropFirst()
                while let last = text.last, last.isWhitespace { text = text.dropLast() }
            }
            tokens.append(.text(String(text)))
            let closer = open.1 ? "}}" : "%}"
            guard let close = inner.firstRange(of: closer) else {
                throw TransferError.config("Liquid: '\(open.1 ? "{{" : "{%")' is not closed in \(name)")
            }
            var body = inner[..<close.lowerBound]
            trimNext = body.last == "-"
            if trimNext { body = body.dropLast() }
            rest = inner[close.upperBound...]
            let content = String(body).trimmingSpaces
            if open.1 {
                tokens.append(.output(content))
            } else if content == "comment" {
                guard let end = rest.firstRange(of: "endcomment"),
                    let close = rest[end.upperBound...].firstRange(of: "%}")
                else { throw TransferError.config("Liquid: {% comment %} is not closed in \(name)") }
                rest = rest[close.upperBound...]
            } else if content == "raw" {
                guard let end = rest.firstRange(of: "{% endraw %}") ?? rest.firstRange(of: "{%- endraw -%}") else {
                    throw TransferError.config("Liquid: {% raw %} is not closed in \(name)")
                }
                tokens.append(.text(String(rest[..<end.lowerBound])))
                rest = rest[end.upperBound...]
            } else {
                tokens.append(.tag(content))
            }
        }
        return tokens
    }

    struct Parser {
        let name: String
        static let supported = ["if", "elsif", "else", "endif", "unless", "endunless", "case", "when", "endcase",
            "for", "endfor", "assign", "capture", "endcapture", "comment", "endcomment", "include"]

        /// Parses nodes until one of `ends` (answered) or the end of the input.
        mutating func block(_ tokens: inout ArraySlice<Token>, until ends: Set<String>) throws -> ([Node], String?) {
            var nodes: [Node] = []
            while let token = tokens.popFirst() {
                switch token {
                case .text(let text): if !text.isEmpty { nodes.append(.text(text)) }
                case .output(let text):
                    var parser = try LiquidExpressionParser(text)
                    let expression = try parser.expression()
                    guard parser.atEnd else { throw parser.error("unexpected text after the value") }
                    nodes.append(.output(expression))
                case .tag(let text):
                    let word = String(text.prefix { !$0.isWhitespace })
                    let rest = String(text.dropFirst(word.count))
                    if ends.contains(word) { return (nodes, text) }
                    nodes.append(try tag(word, rest, &tokens))
                }
            }
            return (nodes, nil)
        }

        func unsupported(_ word: String) -> TransferError {
            TransferError.config(
                "Liquid tag '{% \(word) %}' is not supported in \(name); supported tags: "
                    + Self.supported.filter { !$0.hasPrefix("end") && !["elsif", "else", "when"].contains($0) }.joined(separator: ", "))
        }

        mutating func closed(_ tokens: inout ArraySlice<Token>, _ ends: Set<String>, for word: String) throws -> ([Node], String) {
            let (nodes, end) = try block(&tokens, until: ends)
            guard let end else { throw TransferError.config("Liquid: {% \(word) %} is not closed in \(name)") }
            return (nodes, end)
        }

        mutating func tag(_ word: String, _ rest: String, _ tokens: inout ArraySlice<Token>) throws -> Node {
            var args = try LiquidExpressionParser(rest)
            switch word {
            case "if":
                var branches: [(LiquidExpression.Condition?, [Node])] = []
                var condition: LiquidExpression.Condition? = try args.condition()
                while true {
                    let (body, end) = try closed(&tokens, ["elsif", "else", "endif"], for: "if")
                    branches.append((condition, body))
                    if end.hasPrefix("endif") { break }
                    if end.hasPrefix("else") && !end.hasPrefix("elsif") {
                        let (rest, _) = try closed(&tokens, ["endif"], for: "if")
                        branches.append((nil, rest))
                        break
                    }
                    var next = try LiquidExpressionParser(String(end.dropFirst("elsif".count)))
                    condition = try next.condition()
                }
                return .branches(branches)
            case "unless":
                let condition = try args.condition()
                let (body, end) = try closed(&tokens, ["else", "endunless"], for: "unless")
                let otherwise = end == "else" ? try closed(&tokens, ["endunless"], for: "unless").0 : []
                return .unless(condition, body, otherwise)
            case "case":
                let subject = try args.expression()
                var whens: [([LiquidExpression.Operand], [Node])] = []
                var otherwise: [Node] = []
                var (_, end) = try closed(&tokens, ["when", "else", "endcase"], for: "case")
                while end.hasPrefix("when") {
                    var values = try LiquidExpressionParser(String(end.dropFirst(4)))
                    var list: [LiquidExpression.Operand] = []
                    repeat { list.append(try values.operand()) } while values.skip(",") || values.skipWord("or")
                    let (body, next) = try closed(&tokens, ["when", "else", "endcase"], for: "case")
                    whens.append((list, body))
                    end = next
                }
                if end == "else" { otherwise = try closed(&tokens, ["endcase"], for: "case").0 }
                return .cases(subject, whens, otherwise)
            case "for":
                let variable = try args.word()
                guard args.skipWord("in") else { throw args.error("expected 'in'") }
                let over = LiquidExpression(operand: try args.operand(), filters: [])
                var reversed = false
                var limit: LiquidExpression.Operand?
                var offset: LiquidExpression.Operand?
                while !args.atEnd {
                    let option = try args.word()
                    if option == "reversed" { reversed = true; continue }
                    _ = args.skip(":")
                    if option == "limit" { limit = try args.operand() } else if option == "offset" { offset = try args.operand() }
                    else { throw args.error("unknown for option '\(option)'") }
                }
                let (body, end) = try closed(&tokens, ["else", "endfor"], for: "for")
                let empty = end == "else" ? try closed(&tokens, ["endfor"], for: "for").0 : []
                return .loop(variable: variable, over: over, body: body, empty: empty, reversed: reversed, limit: limit, offset: offset)
            case "assign":
                let variable = try args.word()
                guard args.skip("=") else { throw args.error("expected '='") }
                return .assign(variable, try args.expression())
            case "capture":
                let variable = try args.word()
                return .capture(variable, try closed(&tokens, ["endcapture"], for: "capture").0)
            case "comment":
                _ = try closed(&tokens, ["endcomment"], for: "comment")
                return .text("")
            case "include":
                return .include(try args.operand())
            default:
                throw unsupported(word)
            }
        }
    }
}
