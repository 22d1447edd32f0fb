extension LiquidTemplate {
    /// Renders with `variables` (Embulk passes `env`); `include` answers the source of an
    /// included template by the name written in the tag.
    public func render(
        variables: [String: LiquidValue], include: @escaping (String) throws -> LiquidTemplate
    ) throws -> String {
        var context = Context(variables: variables, include: include, depth: 0)
        var out = ""
        try context.render(nodes, into: &out)
        return out
    }

    struct Context {
        var variables: [String: LiquidValue]
        let include: (String) throws -> LiquidTemplate
        var depth: Int

        mutating func render(_ nodes: [Node], into out: inout String) throws {
            for node in nodes {
                switch node {
                case .text(let text): out += text
                case .output(let expression): out += try evaluate(expression).text
                case .branches(let branches):
                    for (condition, body) in branches where try condition.map(test) ?? true {
                        try render(body, into: &out)
                        break
                    }
                case .unless(let condition, let body, let otherwise):
                    try render(try test(condition) ? otherwise : body, into: &out)
                case .cases(let subject, let whens, let otherwise):
                    let value = try evaluate(subject)
                    var matched = false
                    for (values, body) in whens where try values.contains(where: { try resolve($0) == value }) {
                        try render(body, into: &out)
                        matched = true
                        break
                    }
                    if !matched { try render(otherwise, into: &out) }
                case .loop(let variable, let over, let body, let empty, let reversed, let limit, let offset):
                    var items = try evaluate(over).items
                    if let offset, let n = try resolve(offset).number { items = Array(items.dropFirst(Int(n))) }
                    if let limit, let n = try resolve(limit).number { items = Array(items.prefix(Int(n))) }
                    if reversed { items.reverse() }
                    if items.isEmpty { try render(empty, into: &out) }
                    let saved = variables[variable]
                    for (index, item) in items.enumerated() {
                        variables[variable] = item
                        variables["forloop"] = .object([
                            "index": .int(index + 1), "index0": .int(index), "first": .bool(index == 0),
                            "last": .bool(index == items.count - 1), "length": .int(items.count),
                        ])
                        try render(body, into: &out)
                    }
                    variables[variable] = saved
                case .assign(let name, let expression):
                    variables[name] = try evaluate(expression)
                case .capture(let name, let body):
                    var text = ""
                    try render(body, into: &text)
                    variables[name] = .string(text)
                case .include(let operand):
                    let name = try resolve(operand).text
                    guard depth < 20 else { throw TransferError.config("Liquid: include '\(name)' nests too deep") }
                    let template = try include(name)
                    var inner = self
                    inner.depth += 1
                    try inner.render(template.nodes, into: &out)
                }
            }
        }

        func evaluate(_ expression: LiquidExpression) throws -> LiquidValue {
            var value = try resolve(expression.operand)
            for filter in expression.filters {
                value = try LiquidFilters.apply(filter.name, to: value, args: try filter.args.map(resolve))
            }
            return value
        }

        func resolve(_ operand: LiquidExpression.Operand) throws -> LiquidValue {
            switch operand {
            case .literal(let value): return value
            case .range(let from, let to):
                let low = Int(try resolve(from).number ?? 0), high = Int(try resolve(to).number ?? 0)
                return .array(low <= high ? (low...high).map(LiquidValue.int) : [])
            case .path(let head, let keys):
                var value: LiquidValue = head.isEmpty ? .object(variables) : variables[head] ?? .nil_
                for key in keys {
                    let k = try resolve(key)
                    switch (value, k) {
                    case (.object(let map), _): value = map[k.text] ?? .nil_
                    case (.array(let items), .int(let i)): value = items.indices.contains(i < 0 ? items.count + i : i) ? items[i < 0 ? items.count + i : i] : .nil_
                    case (.array(let items), .string("size")), (.array(let items), .string("length")): value = .int(items.count)
                    case (.array(let items), .string("first")): value = items.first ?? .nil_
                    case (.array(let items), .string("last")): value = items.last ?? .nil_
                    case (.string(let s), .string("size")): value = .int(s.count)
                    default: value = .nil_
                    }
                }
                return value
            }
        }

        func test(_ condition: LiquidExpression.Condition) throws -> Bool {
            switch condition {
            case .value(let operand): return try resolve(operand).isTruthy
            case .and(let a, let b): return try test(a) && test(b)
            case .or(let a, let b): return try test(a) || test(b)
            case .compare(let a, let op, let b):
                let left = try resolve(a), right = try resolve(b)
                switch op {
                case "==": return Self.equal(left, right)
                case "!=", "<>": return !Self.equal(left, right)
                case "contains":
                    if case .string(let s) = left { return s.contains(right.text) }
                    return left.items.contains(right)
                default:
                    if let x = left.number, let y = right.number, left.isNumeric, right.isNumeric {
                        return op == "<" ? x < y : op == ">" ? x > y : op == "<=" ? x <= y : x >= y
                    }
                    let x = left.text, y = right.text
                    return op == "<" ? x < y : op == ">" ? x > y : op == "<=" ? x <= y : x >= y
                }
            }
        }

        static func equal(_ a: LiquidValue, _ b: LiquidValue) -> Bool {
            if a.isNumeric, b.isNumeric, let x = a.number, let y = b.number { return x == y }
            if case .string("") = b, case .nil_ = a { return false }
            return a == b
        }
    }
}

extension LiquidValue {
    var isNumeric: Bool {
        switch self {
        case .int, .double: true
        default: false
        }
    }
}
