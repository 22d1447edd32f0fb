import OrderedCollections

/// An ordered JSON object: the shape of every Digdag config, parameter set and task result.
public typealias Config = OrderedDictionary<String, ConfigValue>

/// A JSON value whose objects keep their key order, as Digdag's Jackson trees do.
///
/// Key order matters in Digdag: it decides task order, `for_each>` product order and the
/// order in which `${...}` values of one object are evaluated.
public enum ConfigValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([ConfigValue])
    case object(Config)
}

extension ConfigValue {
    /// The string payload, or nil for any other kind.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The object payload, or nil for any other kind.
    public var objectValue: Config? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The array payload, or nil for any other kind.
    public var arrayValue: [ConfigValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// True for `.null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The value as Jackson's `asText()` would give it: strings raw, scalars in JSON form,
    /// containers as compact JSON.
    public var textValue: String {
        if case .string(let s) = self { return s }
        return JSONText.compact(self)
    }

    /// A short name of the kind, used in error messages ("string", "object", ...).
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .int, .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

extension ConfigValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(arrayLiteral elements: ConfigValue...) { self = .array(elements) }
    public init(nilLiteral: ()) { self = .null }
    public init(dictionaryLiteral elements: (String, ConfigValue)...) {
        self = .object(Config(elements, uniquingKeysWith: { _, new in new }))
    }
}
