import DigdagCore

extension TemplateEvaluator {
    /// Keys whose values are never evaluated, at any depth: subtask bodies are evaluated later,
    /// in the scope of the tasks generated from them.
    public static let unevaluatedKeys: Set<String> = ["_do", "_else_do"]

    /// Evaluates every string containing `$` in `params`, using `params` itself as the base scope.
    ///
    /// Equivalent to `evaluate(params, scope: params, timeZone:)`.
    public func evaluate(_ params: Config, timeZone: String) throws(ConfigError) -> Config {
        try evaluate(params, scope: params, timeZone: timeZone)
    }

    /// Evaluates a config the way Digdag's `ConfigEvalEngine.eval(config, params)` does.
    ///
    /// - Only strings that contain `$` are templated; results are strings. Keys are never
    ///   evaluated and `_do`/`_else_do` values are copied as they are, at any depth.
    /// - Objects and arrays are walked recursively, in key order.
    /// - Each string sees `scope` (unevaluated) overlaid with the already-evaluated keys of the
    ///   object that holds it (for an array, of the object holding the array). So an earlier
    ///   sibling's result is visible, a later sibling is seen unevaluated (if `scope` has it), and
    ///   inside a nested object its earlier keys shadow top-level names.
    ///
    /// Digdag passes the merged request parameters plus built-ins as `scope` and additionally the
    /// task's own keys in `config` (`OperatorManager.evalConfig`).
    public func evaluate(_ config: Config, scope: Config, timeZone: String) throws(ConfigError) -> Config {
        try evaluateObject(config, scope: scope, timeZone: timeZone)
    }

    private func evaluateObject(_ object: Config, scope: Config, timeZone: String) throws(ConfigError) -> Config {
        var built = Config(minimumCapacity: object.count)
        // The evaluated keys whose values `scope` does not already hold: what the scope overlays.
        var overlay = Config()
        for (key, value) in object {
            let evaluated: ConfigValue
            if Self.unevaluatedKeys.contains(key) {
                evaluated = value
            } else {
                evaluated = try evaluateValue(value, siblings: overlay, scope: scope, timeZone: timeZone)
            }
            built[key] = evaluated
            if scope[key] != evaluated {
                overlay[key] = evaluated
            } else {
                overlay.removeValue(forKey: key)
            }
        }
        return built
    }

    private func evaluateValue(
        _ value: ConfigValue, siblings: Config, scope: Config, timeZone: String
    ) throws(ConfigError) -> ConfigValue {
        switch value {
        case .object(let object):
            return .object(try evaluateObject(object, scope: scope, timeZone: timeZone))
        case .array(let items):
            var evaluated: [ConfigValue] = []
            evaluated.reserveCapacity(items.count)
            for item in items {
                evaluated.append(try evaluateValue(item, siblings: siblings, scope: scope, timeZone: timeZone))
            }
            return .array(evaluated)
        case .string(let text):
            guard text.utf8.contains(UInt8(ascii: "$")) else { return value }
            let rendered = try render(text, in: ExpressionScope(base: scope, overlay: siblings), timeZone: timeZone)
            return .string(rendered)
        case .null, .bool, .int, .double:
            return value
        }
    }
}
