/// Jackson-style conversions of config values to Swift types, as operators read their options.
public enum ConfigCoercion {
    /// An integer from a number or a numeric string; nil otherwise.
    public static func int(_ value: ConfigValue) -> Int64? {
        switch value {
        case .int(let i): return i
        case .double(let d): return d == d.rounded() ? Int64(exactly: d) : Int64(d)
        case .string(let s): return Int64(s.trimmingCharacters(in: .whitespaces))
        default: return nil
        }
    }

    /// A boolean from a boolean, `true`/`false` strings (case-insensitive) or a number (0 = false).
    public static func bool(_ value: ConfigValue) -> Bool? {
        switch value {
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .string(let s):
            switch s.lowercased() {
            case "true": return true
            case "false": return false
            default: return nil
            }
        default: return nil
        }
    }
}

import Foundation
