import DigdagCore

/// The variables one string is evaluated with: a base object overlaid with the keys already
/// evaluated at the current object level (Digdag's `ConfigEvalEngine` scope), kept apart so
/// that plain references can be looked up without copying.
struct ExpressionScope {
    /// The unevaluated parameters.
    var base: Config
    /// Already-evaluated sibling keys; they shadow `base`.
    var overlay: Config

    init(base: Config, overlay: Config = [:]) {
        self.base = base
        self.overlay = overlay
    }

    /// The value of a top-level variable, or nil when it is not in scope.
    func value(of name: String) -> ConfigValue? {
        overlay[name] ?? base[name]
    }

    /// The scope as one object: `base` with every overlay key set (existing keys keep their place).
    func materialized() -> Config {
        guard !overlay.isEmpty else { return base }
        var merged = base
        for (key, value) in overlay {
            merged[key] = value
        }
        return merged
    }
}
