import DigdagCore
import Foundation
import Yams

/// Builds a ``ConfigValue`` tree from YAML text with Digdag's rules: its scalar typing,
/// strict duplicate-key check, `<<` merge keys, and `!include` keys turned into
/// `"!include:<uuid>"` placeholders for ``IncludeResolver``.
struct DigdagYAMLComposer {
    /// Whether `!include` tags are accepted (Digdag's parameterized loader) or rejected.
    var allowsInclude: Bool
    /// Bounds alias expansion; replaced for each document.
    private var budget = YAMLNodeBudget(byteCount: 0)

    /// A composer that accepts `!include` tags or rejects them.
    init(allowsInclude: Bool) {
        self.allowsInclude = allowsInclude
    }

    /// Prefix of the placeholder key (or value) that stands for an `!include` directive.
    static let includePlaceholderPrefix = "!include:"

    /// Parses one YAML document; an empty document is `null`.
    func compose(_ text: String) throws(YAMLLoadFailure) -> ConfigValue {
        let root: Node?
        do {
            root = try Yams.compose(yaml: IncludeTagMarking.mark(text), .basic)
        } catch {
            throw SnakeYAMLErrorText.failure(for: error, in: text)
        }
        guard let root else { return .null }
        var composer = self
        composer.budget = YAMLNodeBudget(byteCount: text.utf8.count)
        return try composer.value(of: root, source: SourceText(text))
    }

    private func value(of node: Node, source: SourceText) throws(YAMLLoadFailure) -> ConfigValue {
        try budget.spend()
        switch node {
        case .scalar(let scalar):
            return try scalarValue(scalar, isKey: false, source: source)
        case .sequence(let sequence):
            try requireCollectionTag(sequence.tag.description, expected: Tag.Name.seq, mark: sequence.mark, source)
            var items: [ConfigValue] = []
            for item in sequence {
                items.append(try value(of: item, source: source))
            }
            return .array(items)
        case .mapping(let mapping):
            try requireCollectionTag(mapping.tag.description, expected: Tag.Name.map, mark: mapping.mark, source)
            return .object(try object(of: mapping, source: source))
        case .alias(let alias):
            throw YAMLLoadFailure(.composer, "found undefined alias \(alias.anchor)")
        }
    }

    private func object(of mapping: Node.Mapping, source: SourceText) throws(YAMLLoadFailure) -> Config {
        try checkDuplicateKeys(mapping)
        var result = Config()
        let pairs = try MergeKeyFlattener.flatten(mapping, budget: budget) { key throws(YAMLLoadFailure) in
            try keyString(key, source: source)
        }
        for (keyNode, valueNode) in pairs {
            let key = try keyString(keyNode, source: source)
            result[key] = try value(of: valueNode, source: source)
        }
        return result
    }

    /// Digdag's strict check: scalar keys with the same text (whatever their tag) are an error,
    /// except keys tagged `!include`.
    private func checkDuplicateKeys(_ mapping: Node.Mapping) throws(YAMLLoadFailure) {
        var counts: [String: Int] = [:]
        var order: [String] = []
        for key in mapping.keys {
            guard case .scalar(let scalar) = key, !IncludeTagMarking.isIncludeTag(scalar.tag.description) else {
                continue
            }
            if counts[scalar.string] == nil { order.append(scalar.string) }
            counts[scalar.string, default: 0] += 1
        }
        let duplicated = order.filter { (counts[$0] ?? 0) > 1 }
        if !duplicated.isEmpty {
            throw YAMLLoadFailure(.duplicateKey, "Duplicated keys: [\(duplicated.joined(separator: ", "))]")
        }
    }

    /// A mapping key as Jackson writes the constructed Java key: strings as is, numbers and
    /// booleans in Java's text form; a null key is an error.
    func keyString(_ node: Node, source: SourceText) throws(YAMLLoadFailure) -> String {
        let key: ConfigValue
        if case .scalar(let scalar) = node {
            key = try scalarValue(scalar, isKey: true, source: source)
        } else {
            key = try value(of: node, source: source)
        }
        switch key {
        case .string(let text): return text
        case .null:
            throw YAMLLoadFailure(.nullKey, "Null key for a Map not allowed in JSON (use a converting NullKeySerializer?)")
        default: return JSONText.javaToString(key)
        }
    }

    private func scalarValue(_ scalar: Node.Scalar, isKey: Bool, source: SourceText) throws(YAMLLoadFailure)
        -> ConfigValue
    {
        let tag = scalar.tag.description
        let text = IncludeTagMarking.restore(scalar.string)
        if IncludeTagMarking.isIncludeTag(tag) {
            guard allowsInclude else {
                throw unknownTag("!include", mark: scalar.mark, source)
            }
            return .string(Self.includePlaceholderPrefix + UUID().uuidString.lowercased())
        }
        // Yams resolves key tags while checking duplicates, so a plain key tagged `str` was implicit.
        let implicit = tag.isEmpty || (isKey && tag == Tag.Name.str.rawValue)
        if scalar.style == .plain && implicit {
            return try DigdagScalarResolver.resolvePlain(text)
        }
        switch tag {
        case "", "!", Tag.Name.str.rawValue:
            return .string(text)
        case Tag.Name.int.rawValue:
            return try DigdagScalarResolver.constructInt(text)
        case Tag.Name.float.rawValue:
            return try DigdagScalarResolver.constructFloat(text)
        case Tag.Name.bool.rawValue:
            return Self.explicitBool(text)
        case Tag.Name.null.rawValue:
            return .null
        case Tag.Name.binary.rawValue:
            let compact = text.filter { !$0.isWhitespace }
            guard let data = Data(base64Encoded: compact) else { return .string(compact) }
            return .string(data.base64EncodedString())
        default:
            throw unknownTag(tag, mark: scalar.mark, source)
        }
    }

    /// SafeConstructor's explicit `!!bool`: yes/no/true/false/on/off in any case, else null.
    private static func explicitBool(_ text: String) -> ConfigValue {
        switch text.lowercased() {
        case "yes", "true", "on": .bool(true)
        case "no", "false", "off": .bool(false)
        default: .null
        }
    }

    private func requireCollectionTag(_ tag: String, expected: Tag.Name, mark: Mark?, _ source: SourceText)
        throws(YAMLLoadFailure)
    {
        if tag.isEmpty || tag == "!" || tag == expected.rawValue { return }
        throw unknownTag(tag, mark: mark, source)
    }

    private func unknownTag(_ tag: String, mark: Mark?, _ source: SourceText) -> YAMLLoadFailure {
        let problem = "could not determine a constructor for the tag \(tag)"
        guard let mark else { return YAMLLoadFailure(.tag, problem) }
        let at = SnakeYAMLErrorText.Position(mark)
        return YAMLLoadFailure(allowsInclude ? .tag : .constructor, source.message(context: nil, problem: problem, at: at))
    }
}
