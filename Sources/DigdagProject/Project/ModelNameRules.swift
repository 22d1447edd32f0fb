import DigdagCore

/// Digdag's name rules for workflows and tasks (`ModelValidator`), as failure lines
/// `<field> <problem>: "<value>"`.
enum ModelNameRules {
    /// Problems with a workflow (or project) name, prefixed by the field name.
    static func workflowNameProblems(_ name: String, field: String = "name") -> [String] {
        TaskNameRules.workflowNameFailures(name).map { "\(field) \($0)" }
    }

    /// Problems with a top-level task name (`+name`), prefixed by the field name.
    static func taskNameProblems(_ name: String, field: String = "task name") -> [String] {
        TaskNameRules.taskNameFailures(name).map { "\(field) \($0)" }
    }
}
