import DigdagCore

extension PlainReference {
    /// What the fast path found out about a plain reference.
    enum Resolution: Equatable {
        /// The template text of the value.
        case text(String)
        /// The variable is not defined: JavaScript would throw this error.
        case failure(ExpressionError)
        /// JavaScript semantics are needed (inherited members, strings, null access, globals, ...).
        case needsJavaScript
    }

    /// Resolves the reference against a scope with JavaScript's rules for JSON-parsed values.
    func resolve(in scope: ExpressionScope) -> Resolution {
        guard !variable.hasPrefix("__") else { return .needsJavaScript }
        guard let root = scope.value(of: variable) else {
            if JavaScriptNames.objectPrototype.contains(variable) || JavaScriptNames.globals.contains(variable) {
                return .needsJavaScript
            }
            return .failure(.notDefined(variable))
        }
        var current: ConfigValue? = root
        for access in accesses {
            guard let value = current else { return .needsJavaScript }  // TypeError on undefined
            switch Self.member(of: value, access) {
            case .some(let member): current = member
            case .none: return .needsJavaScript
            }
        }
        guard let value = current else { return .text("") }
        return .text(JavaScriptJSON.templateText(value))
    }

    /// The member an access yields: `.some(nil)` for undefined, `nil` when JavaScript must decide.
    private static func member(of value: ConfigValue, _ access: Access) -> ConfigValue??  {
        switch value {
        case .object(let object):
            let key: String
            switch access {
            case .property(let name): key = name
            case .index(let index): key = String(index)
            }
            if let member = object[key] { return .some(member) }
            if key.hasPrefix("__") || JavaScriptNames.objectPrototype.contains(key) { return nil }
            return .some(nil)
        case .array(let items):
            switch access {
            case .index(let index):
                return .some(index < items.count ? items[index] : nil)
            case .property("length"):
                return .some(.int(Int64(items.count)))
            case .property:
                return nil
            }
        case .null, .bool, .int, .double, .string:
            return nil
        }
    }
}
