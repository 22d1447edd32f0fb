import Yams

/// Expands YAML `<<` merge keys as SnakeYAML's `SafeConstructor.flattenMapping` does.
///
/// Pairs keep their encounter order. Merged pairs never replace a key already seen; the
/// mapping's own pairs replace earlier (merged) ones in place.
enum MergeKeyFlattener {
    typealias Pair = (key: Node, value: Node)

    /// The mapping's pairs with every `<<` entry replaced by the pairs it merges in.
    static func flatten(
        _ mapping: Node.Mapping, budget: YAMLNodeBudget, keyOf: (Node) throws(YAMLLoadFailure) -> String
    ) throws(YAMLLoadFailure) -> [Pair]
    {
        guard mapping.keys.contains(where: isMergeKey) else {
            return mapping.map { (key: $0.key, value: $0.value) }
        }
        var pairs: [Pair] = []
        var indexByKey: [String: Int] = [:]
        try merge(mapping, preferred: true, into: &pairs, indexByKey: &indexByKey, budget: budget, keyOf: keyOf)
        return pairs
    }

    private static func merge(
        _ mapping: Node.Mapping, preferred: Bool, into pairs: inout [Pair], indexByKey: inout [String: Int],
        budget: YAMLNodeBudget, keyOf: (Node) throws(YAMLLoadFailure) -> String
    ) throws(YAMLLoadFailure) {
        for (key, value) in mapping {
            try budget.spend()
            if isMergeKey(key) {
                switch value {
                case .mapping(let merged):
                    try merge(merged, preferred: false, into: &pairs, indexByKey: &indexByKey, budget: budget, keyOf: keyOf)
                case .sequence(let list):
                    for item in list {
                        guard case .mapping(let merged) = item else {
                            throw YAMLLoadFailure(
                                .constructor,
                                "while constructing a mapping\nexpected a mapping for merging, but found \(kind(of: item))")
                        }
                        try merge(merged, preferred: false, into: &pairs, indexByKey: &indexByKey, budget: budget, keyOf: keyOf)
                    }
                default:
                    throw YAMLLoadFailure(
                        .constructor,
                        "while constructing a mapping\nexpected a mapping or list of mappings for merging, but found \(kind(of: value))")
                }
                continue
            }
            let name = try keyOf(key)
            if let index = indexByKey[name] {
                if preferred { pairs[index] = (key, value) }
            } else {
                pairs.append((key, value))
                indexByKey[name] = pairs.count - 1
            }
        }
    }

    private static func isMergeKey(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain, scalar.string == "<<" else { return false }
        let tag = scalar.tag.description
        return tag.isEmpty || tag == Tag.Name.str.rawValue || tag == Tag.Name.merge.rawValue
    }

    private static func kind(of node: Node) -> String {
        switch node {
        case .scalar: "scalar"
        case .sequence: "sequence"
        case .mapping: "mapping"
        case .alias: "alias"
        }
    }
}
