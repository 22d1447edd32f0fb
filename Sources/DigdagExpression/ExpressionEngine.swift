import DigdagCore

/// A JavaScript engine that evaluates the expressions inside `${...}`.
///
/// Conforming types implement Digdag's evaluation contract: every top-level key of the scope is a
/// variable (Digdag compiles templates to `with(this){...}`), the engine's local time zone is the
/// workflow time zone, and each result is turned into template text: strings as they are, `null`
/// and `undefined` as `""`, anything else through `JSON.stringify`.
public protocol ExpressionEngine: Sendable {
    /// Evaluates expressions in order against one scope and returns the template text of each.
    ///
    /// Evaluation stops at the first failing expression, whose JavaScript message is thrown
    /// (for example `ReferenceError: foo is not defined`).
    func evaluate(_ expressions: [String], scope: ExpressionScope, timeZone: String) throws(ExpressionError) -> [String]
}

extension ExpressionEngine {
    /// Evaluates one expression (the text inside `${...}`) and returns the template text of its result.
    public func evaluate(_ expression: String, scope: Config, timeZone: String) throws(ExpressionError) -> String {
        let results = try evaluate([expression], scope: ExpressionScope(base: scope), timeZone: timeZone)
        return results.first ?? ""
    }

    /// Evaluates expressions in order against one scope object.
    public func evaluate(_ expressions: [String], scope: Config, timeZone: String) throws(ExpressionError) -> [String] {
        try evaluate(expressions, scope: ExpressionScope(base: scope), timeZone: timeZone)
    }
}

/// A JavaScript expression failed; `message` is the JavaScript error text as Digdag shows it.
public struct ExpressionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The error text, e.g. `ReferenceError: foo is not defined`.
    public var message: String

    /// Creates an error carrying a JavaScript error text.
    public init(_ message: String) {
        self.message = message
    }

    /// The error text.
    public var description: String { message }

    /// The error JavaScript raises for a variable that is not defined (GraalJS wording).
    public static func notDefined(_ name: String) -> ExpressionError {
        ExpressionError("ReferenceError: \(name) is not defined")
    }
}
