/// A value inside a Liquid template (`env`, assigned variables, literals).
public enum LiquidValue: Sendable, Equatable {
    case nil_
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([LiquidValue])
    case object([String: LiquidValue])

    /// Liquid's truthiness: only nil and false are false.
    var isTruthy: Bool {
        switch self {
        case .nil_, .bool(false): false
        default: true
        }
    }

    /// The text `{{ }}` prints.
    var text: String {
        switch self {
        case .nil_: ""
        case .bool(let b): b ? "true" : "false"
        case .int(let i): String(i)
        case .double(let d): d == d.rounded() && abs(d) < 1e15 ? String(format1: d) : String(d)
        case .string(let s): s
        case .array(let items): items.map(\.text).joined()
        case .object: ""
        }
    }

    /// A number, when the value is one or reads as one.
    var number: Double? {
        switch self {
        case .int(let i): Double(i)
        case .double(let d): d
        case .string(let s): Double(s.trimmingSpaces)
        default: nil
        }
    }

    /// The items of an array (a string is split into nothing, nil is empty).
    var items: [LiquidValue] {
        switch self {
        case .array(let items): items
        case .nil_: []
        case .object(let map): map.keys.sorted().map { .array([.string($0), map[$0]!]) }
        default: [self]
        }
    }
}

extension String {
    /// `1.0` for whole doubles, as Liquid prints them.
    init(format1 value: Double) { self = Int64(exactly: value).map { String($0) + ".0" } ?? String(value) }

    var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}
