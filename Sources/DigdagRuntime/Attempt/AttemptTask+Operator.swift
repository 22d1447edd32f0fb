import DigdagCore

extension AttemptTask {
    /// The operator the task calls, as written (`_type`, else the `name>` key), before parameters
    /// are evaluated; nil for a task without one (it finishes at once wherever it runs).
    var operatorType: String? {
        if let type = localConfig["_type"] { return type.textValue }
        return localConfig.keys.first { $0.hasSuffix(">") }.map { String($0.dropLast()) }
    }
}
