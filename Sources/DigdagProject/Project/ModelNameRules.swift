import Foundation

/// Digdag's name rules for workflows and tasks (`ModelValidator`), as failure lines
/// `<field> <problem>: "<value>"`.
enum ModelNameRules {
    private static let restrictedFirst: Set<Character> = ["+", "^", "@", "/", "\\", ":", "*", "?", "\"", "<", ">", "|"]
    private static let taskNameSymbols: Set<Character> = ["_", "-", "=", "[", "]", "{", "}", "%", "&", "@", "`", ",", ".", "^"]

    /// Problems with a workflow (or project) name.
    static func workflowNameProblems(_ name: String, field: String = "name") -> [String] {
        var problems: [String] = []
        if name.isEmpty { problems.append("must not be empty") }
        if let first = name.first, first.isASCII, first.isNumber { problems.append("must not start with a numeric digit (0-9)") }
        if let first = name.first, restrictedFirst.contains(first) {
            problems.append("must not include special symbols (+ ^ @ / \\ / : * ? \" < > |)")
        }
        if name.hasSuffix(".dig") { problems.append("must not end with .dig") }
        if name.utf16.count > 255 { problems.append("must not be longer than 255 characters") }
        return problems.map { "\(field) \($0): \"\(name)\"" }
    }

    /// Problems with a top-level task name (`+name`).
    static func taskNameProblems(_ name: String, field: String = "task name") -> [String] {
        var problems: [String] = []
        if !name.hasPrefix("+") { problems.append("must start with '+'") }
        if name.contains("^") { problems.append("must not contain ^ character") }
        if name.isEmpty { problems.append("must not be empty") }
        if !name.hasPrefix("+") && !name.hasPrefix("^") { problems.append("must start with '+' or '^'") }
        if let bad = name.dropFirst().first(where: { !isTaskNameCharacter($0) }) {
            problems.append("must not contain character '\(bad)'")
        }
        if name.utf16.count > 255 { problems.append("must not be longer than 255 characters") }
        return problems.map { "\(field) \($0): \"\(name)\"" }
    }

    private static func isTaskNameCharacter(_ character: Character) -> Bool {
        guard character.isASCII else { return false }
        return character.isLetter || character.isNumber || taskNameSymbols.contains(character)
    }
}
