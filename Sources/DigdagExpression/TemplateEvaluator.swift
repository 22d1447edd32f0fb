import DigdagCore

/// Renders Digdag `${...}` templates and evaluates whole parameter objects.
///
/// Plain variable references (`${session_date}`, `${a.b[0]}`) are answered from the scope without
/// JavaScript; everything else goes to the engine, once per template with all its expressions.
public struct TemplateEvaluator: Sendable {
    /// The engine used for expressions the fast path cannot answer.
    public let engine: any ExpressionEngine

    /// Creates an evaluator over a JavaScript engine.
    public init(engine: any ExpressionEngine) {
        self.engine = engine
    }

    /// Renders one template string with `scope` as the variables.
    ///
    /// Strings without `$` are returned unchanged. A failing expression raises
    /// `ConfigError("Failed to evaluate a variable <template> (<JavaScript message>)")`.
    public func render(_ template: String, scope: Config, timeZone: String) throws(ConfigError) -> String {
        try render(template, in: ExpressionScope(base: scope), timeZone: timeZone)
    }

    /// Renders one template string with a layered scope.
    public func render(_ template: String, in scope: ExpressionScope, timeZone: String) throws(ConfigError) -> String {
        guard template.utf8.contains(UInt8(ascii: "$")) else { return template }
        do {
            return try renderSegments(TemplateSegment.split(template), in: scope, timeZone: timeZone)
        } catch {
            throw ConfigError("Failed to evaluate a variable \(template) (\(error.message))")
        }
    }

    /// Evaluates the segments in order; the first failing expression decides the error.
    private func renderSegments(
        _ segments: [TemplateSegment], in scope: ExpressionScope, timeZone: String
    ) throws(ExpressionError) -> String {
        var pieces: [String?] = []
        var javaScript: [(piece: Int, source: String)] = []
        var firstFailure: ExpressionError?
        for segment in segments {
            switch segment {
            case .literal(let text):
                pieces.append(text)
            case .expression(let source):
                switch PlainReference(source)?.resolve(in: scope) ?? .needsJavaScript {
                case .text(let text):
                    pieces.append(text)
                case .needsJavaScript:
                    javaScript.append((pieces.count, source))
                    pieces.append(nil)
                case .failure(let error):
                    firstFailure = error
                }
            }
            if firstFailure != nil { break }
        }
        if !javaScript.isEmpty {
            // Expressions before a fast-path failure still run first: their errors come first.
            let results = try engine.evaluate(javaScript.map(\.source), scope: scope, timeZone: timeZone)
            for (slot, result) in zip(javaScript, results) {
                pieces[slot.piece] = result
            }
        }
        if let firstFailure { throw firstFailure }
        return pieces.reduce(into: "") { output, piece in output += piece ?? "" }
    }
}
