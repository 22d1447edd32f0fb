/// Digdag's naming rules for tasks, workflows and projects (its ModelValidator).
public enum TaskNameRules {
    private static let allowedSymbols: Set<Character> = ["-", "=", "[", "]", "{", "}", "%", "&", "@", "`", ",", ".", "^", "_"]

    /// Failures for a raw task name such as `+setup` (empty when valid), each phrased like
    /// Digdag's: `must not contain character ' ': "+a b"`.
    public static func rawTaskNameFailures(_ name: String) -> [String] {
        var failures: [String] = []
        let quoted = "\"\(name)\""
        if name.isEmpty { failures.append("must not be blank: \(quoted)") }
        if let first = name.first, first.isASCII, first.isNumber {
            failures.append("must not start with a digit (0-9): \(quoted)")
        }
        if !(name.hasPrefix("+") || name.hasPrefix("^")) { failures.append("must start with '+' or '^': \(quoted)") }
        if let bad = name.dropFirst().first(where: { !isAllowed($0) }) {
            failures.append("must not contain character '\(bad)': \(quoted)")
        }
        if name.utf16.count > 255 { failures.append("must not be longer than 255 characters: \(quoted)") }
        return failures
    }

    /// Failures for a task name written in a workflow's top level (Digdag's `checkTaskName`): it
    /// must start with `+`, must not contain `^`, and must pass the raw-name rules.
    public static func taskNameFailures(_ name: String) -> [String] {
        let quoted = "\"\(name)\""
        var failures: [String] = []
        if !name.hasPrefix("+") { failures.append("must start with '+': \(quoted)") }
        if name.contains("^") { failures.append("must not contain ^ character: \(quoted)") }
        return failures + rawTaskNameFailures(name)
    }

    /// Failures for a workflow or project name (empty when valid).
    public static func workflowNameFailures(_ name: String) -> [String] {
        var failures: [String] = []
        let quoted = "\"\(name)\""
        if name.isEmpty { failures.append("must not be blank: \(quoted)") }
        if let first = name.first, first.isASCII, first.isNumber {
            failures.append("must not start with a numeric digit (0-9): \(quoted)")
        }
        if let first = name.first, "+^@/\\:*?\"<>|".contains(first) {
            failures.append("must not include special symbols (+ ^ @ / \\ / : * ? \" < > |): \(quoted)")
        }
        if name.hasSuffix(".dig") { failures.append("must not end with .dig: \(quoted)") }
        if name.utf16.count > 255 { failures.append("must not be longer than 255 characters: \(quoted)") }
        return failures
    }

    private static func isAllowed(_ c: Character) -> Bool {
        guard c.isASCII else { return false }
        return c.isLetter || c.isNumber || allowedSymbols.contains(c)
    }
}
