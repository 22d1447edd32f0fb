import DigdagCore

/// The variables one string is evaluated with: a base object overlaid with the keys already
/// evaluated at the current object level (Digdag's `ConfigEvalEngine` scope). The two layers are
/// kept apart so that nothing is copied per evaluated string.
public struct ExpressionScope: Sendable {
    /// The unevaluated parameters.
    public var base: Config
    /// Evaluated sibling keys that differ from (or are missing in) `base`; they shadow `base`.
    public var overlay: Config

    /// Creates a scope from a base object and an overlay.
    public init(base: Config, overlay: Config = [:]) {
        self.base = base
        self.overlay = overlay
    }

    /// The value of a top-level variable, or nil when it is not in scope.
    public func value(of name: String) -> ConfigValue? {
        overlay[name] ?? base[name]
    }

    /// The scope as one object: `base` with every overlay key set (existing keys keep their place).
    public func materialized() -> Config {
        guard !overlay.isEmpty else { return base }
        var merged = base
        for (key, value) in overlay {
            merged[key] = value
        }
        return merged
    }
}
