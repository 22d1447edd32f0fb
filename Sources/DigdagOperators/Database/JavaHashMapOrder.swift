import DigdagCore

/// Builds an object in the key order of a `java.util.HashMap` filled in the same order, which
/// is the order Digdag stores a `last_results` row in (and so the order `${...}` prints it).
package enum JavaHashMapOrder {
    /// `pairs` as a Config ordered like a HashMap's iteration; a repeated key keeps its first
    /// position and takes the last value, as `HashMap.put` does.
    package static func object(_ pairs: [(String, ConfigValue)]) -> Config {
        var values: [String: ConfigValue] = [:]
        var keys: [String] = []
        for (key, value) in pairs {
            if values.updateValue(value, forKey: key) == nil { keys.append(key) }
        }
        var capacity = 16
        while Double(keys.count) > Double(capacity) * 0.75 { capacity *= 2 }
        let ordered = keys.enumerated().sorted { a, b in
            let ba = bucket(a.element, capacity), bb = bucket(b.element, capacity)
            return ba != bb ? ba < bb : a.offset < b.offset
        }
        var out = Config()
        for (_, key) in ordered { out[key] = values[key] }
        return out
    }

    /// The bucket of `key` in a table of `capacity` slots (`HashMap.hash` then mask).
    static func bucket(_ key: String, _ capacity: Int) -> Int {
        let h = hashCode(key)
        let spread = h ^ Int32(bitPattern: UInt32(bitPattern: h) >> 16)
        return Int(spread & Int32(capacity - 1))
    }

    /// `String.hashCode()`: 31-polynomial over UTF-16 code units, wrapping.
    static func hashCode(_ s: String) -> Int32 {
        var h: Int32 = 0
        for unit in s.utf16 { h = h &* 31 &+ Int32(unit) }
        return h
    }
}
