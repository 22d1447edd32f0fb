/// Digdag's workflow/project name rules (`core:repository/ModelValidator.checkProjectName`).
enum ProjectNameValidator {
    /// Characters a name must not start with.
    private static let restrictedFirstCharacters: Set<Character> = ["+", "^", "@", "/", "\\", ":", "*", "?", "\"", "<", ">", "|"]

    /// The rule violations for `name`, in Digdag's order; empty when the name is valid.
    static func failures(for name: String) -> [String] {
        var failures: [String] = []
        if name.isEmpty {
            failures.append("must not be blank")
        }
        if let first = name.first, first.isASCII, first.isNumber {
            failures.append("must not start with a numeric digit (0-9)")
        }
        if let first = name.first, restrictedFirstCharacters.contains(first) {
            failures.append("must not include special symbols (+ ^ @ / \\ / : * ? \" < > |)")
        }
        if name.hasSuffix(".dig") {
            failures.append("must not end with .dig")
        }
        if name.utf16.count > 255 {
            failures.append("must not be longer than 255 characters")
        }
        return failures
    }

    /// Throws Digdag's model-validation error text when `name` is not a valid workflow name.
    static func validateWorkflowName(_ name: String) throws(CLIError) {
        let failures = failures(for: name)
        guard !failures.isEmpty else { return }
        var message = "Validating workflow failed"
        for failure in failures {
            message += "\nname \(failure): \"\(name)\""
        }
        throw CLIError(message + " (model validation)")
    }
}
