extension OrderedDictionary where Key == String, Value == ConfigValue {
    /// Deep merge as Digdag's `Config.merge`: objects merge recursively, anything else is replaced.
    /// A key that is new keeps its position at the end; an existing key keeps its position.
    public mutating func deepMerge(_ other: Config) {
        for (key, value) in other {
            if case .object(let incoming) = value, case .object(var existing)? = self[key] {
                existing.deepMerge(incoming)
                self[key] = .object(existing)
            } else {
                self[key] = value
            }
        }
    }

    /// A copy of `self` deep-merged with `other`.
    public func deepMerging(_ other: Config) -> Config {
        var copy = self
        copy.deepMerge(other)
        return copy
    }

    /// Shallow merge for keys absent in `self` (Digdag's `mergeDefault`), recursing into objects.
    public mutating func mergeDefaults(_ defaults: Config) {
        for (key, value) in defaults {
            if let existing = self[key] {
                if case .object(var mine) = existing, case .object(let theirs) = value {
                    mine.mergeDefaults(theirs)
                    self[key] = .object(mine)
                }
            } else {
                self[key] = value
            }
        }
    }

    /// The nested object at `key`, or an empty object when absent or null.
    public func nestedOrEmpty(_ key: String) -> Config {
        self[key]?.objectValue ?? [:]
    }
}
