/// How a group runs its children: one after another, all at once, or in fixed batches.
public enum ParallelMode: Equatable, Sendable {
    case sequential
    case parallel
    /// Batches of `limit`: every task of batch k waits for every task of batch k-1.
    case batches(limit: Int)

    /// Reads `_parallel` from a config as Digdag does: a boolean, a string parsed as a boolean,
    /// or `{limit: N}`. Anything else (such as a bare number) is an error.
    public static func of(_ config: Config) throws(ConfigError) -> ParallelMode {
        guard let value = config["_parallel"] else { return .sequential }
        switch value {
        case .null: return .sequential
        case .bool(let b): return b ? .parallel : .sequential
        case .string(let s):
            switch s.lowercased() {
            case "true": return .parallel
            case "false": return .sequential
            default: throw ConfigError("Invalid _parallel format: \(s)")
            }
        case .object(let o):
            guard let limitValue = o["limit"] else { return .parallel }
            guard let limit = ConfigCoercion.int(limitValue) else {
                throw ConfigError("Invalid _parallel format: \(JSONText.compact(value))")
            }
            return limit > 0 ? .batches(limit: Int(limit)) : .parallel
        default:
            throw ConfigError("Invalid _parallel format: \(JSONText.compact(value))")
        }
    }

    /// True unless sequential.
    public var isParallel: Bool { self != .sequential }
}
