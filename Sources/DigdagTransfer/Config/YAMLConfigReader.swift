import DigdagCore
import Yams

/// Reads Embulk's YAML config text into an ordered `Config`.
package enum YAMLConfigReader {
    /// Parses `text` (YAML or JSON); the top level must be a mapping.
    package static func read(_ text: String, source: String) throws -> Config {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw TransferError.config("Failed to parse YAML in \(source): \(error)")
        }
        guard let node else { return [:] }
        guard case .object(let config) = try value(node) else {
            throw TransferError.config("The config in \(source) must be a YAML mapping (in:, out:, ...)")
        }
        return config
    }

    static func value(_ node: Node) throws -> ConfigValue {
        switch node {
        case .scalar(let scalar):
            switch Tag.Name(rawValue: node.tag.rawValue) {
            case .null: return .null
            case .bool: return node.bool.map(ConfigValue.bool) ?? .string(scalar.string)
            case .int: return node.int.map { .int(Int64($0)) } ?? .string(scalar.string)
            case .float: return node.float.map(ConfigValue.double) ?? .string(scalar.string)
            default: return .string(scalar.string)
            }
        case .mapping(let mapping):
            var object = Config()
            for (key, child) in mapping {
                let name = try key.scalar?.string ?? JSONText.compact(value(key))
                object[name] = try value(child)
            }
            return .object(object)
        case .sequence(let sequence):
            return .array(try sequence.map(value))
        case .alias:
            throw TransferError.config("YAML aliases are not supported in Embulk configs")
        }
    }
}
