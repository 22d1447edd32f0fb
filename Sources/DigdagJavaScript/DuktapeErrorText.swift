/// Rewrites Duktape's error texts into the wording of GraalJS, the engine of Digdag 0.10.
enum DuktapeErrorText {
    /// The GraalJS wording of a Duktape error text when we know it; the text unchanged otherwise.
    static func standardized(_ text: String) -> String {
        if let name = between(text, prefix: "ReferenceError: identifier '", suffix: "' undefined") {
            return "ReferenceError: \(name) is not defined"
        }
        if text.hasPrefix("TypeError: cannot read property ") {
            // "cannot read property 'b' of undefined" -> "Cannot read property 'b' of undefined"
            return "TypeError: Cannot" + text.dropFirst("TypeError: cannot".count)
        }
        if text.hasPrefix("TypeError: "), let range = text.range(of: " not callable") {
            let callee = text[text.index(text.startIndex, offsetBy: "TypeError: ".count)..<range.lowerBound]
            return "TypeError: \(callee) is not a function"
        }
        return text
    }

    private static func between(_ text: String, prefix: String, suffix: String) -> String? {
        guard text.hasPrefix(prefix), text.hasSuffix(suffix), text.count >= prefix.count + suffix.count else {
            return nil
        }
        return String(text.dropFirst(prefix.count).dropLast(suffix.count))
    }
}
