/// Turns a workflow's config (or a generated subtask config) into a task list, as Digdag's
/// compiler does: `+children` in file order, operator tasks, groups, `_parallel`,
/// `_background`, `_after`, `_disable`, and eager validation of `_error` blocks.
///
/// Beyond Digdag (its issue 937, where `_env` is read from an operator task's own config only
/// and refused on groups and at the top): a group's `_env` is merged into the `_env` of every
/// task below it that runs a command (`sh>`, `py>`, `rb>`, `embulk>`), the nearer group's
/// variables and then the task's own winning; a group keeps the merged variables for the tasks
/// generated below it later (`AttemptState.inheritedEnv`).
public struct WorkflowCompiler: Sendable {
    /// Keys a group may contain besides its `+children`.
    public static let groupKeys: [String] = [
        "timezone", "schedule", "sla", "_parallel", "_background", "_after", "_error", "_check", "_retry",
        "_export", "_secrets", "_env",
    ]

    /// Operators that run a command with `_env` as its environment.
    public static let commandOperators: Set<String> = ["sh", "py", "rb", "embulk"]

    /// Creates a compiler.
    public init() {}

    /// Compiles a whole workflow: the root is `+<name>`.
    public func compileWorkflow(name: String, config: Config) throws(ConfigError) -> [WorkflowTask] {
        try compileTasks(parentFullName: "", name: "+" + name, config: config)
    }

    /// Compiles a task tree rooted at `parentFullName + name` (e.g. `+wf+t` + `^sub`), whose
    /// tasks inherit the `_env` of the task that generates it (`inheritedEnv`).
    public func compileTasks(parentFullName: String, name: String, config: Config, inheritedEnv: Config = [:])
        throws(ConfigError) -> [WorkflowTask]
    {
        var context = Context()
        _ = try context.collect(
            parent: nil, parentFullName: parentFullName, name: name, config: config, inheritedEnv: inheritedEnv)
        if !context.failures.isEmpty {
            throw ConfigError((["Validating workflow failed"] + context.failures).joined(separator: "\n"))
        }
        return context.tasks
    }
}

extension WorkflowCompiler {
    fileprivate struct Context {
        var tasks: [WorkflowTask] = []
        var failures: [String] = []

        mutating func collect(
            parent: Int?, parentFullName: String, name: String, config original: Config, inheritedEnv: Config
        ) throws(ConfigError) -> Int {
            var config = original
            var children: [(String, Config)] = []
            for (key, value) in original where key.hasPrefix("+") {
                children.append((key, try Self.nestedOrdered(key, value)))
                config.removeValue(forKey: key)
            }
            let fullName = parentFullName + name

            if let disable = config["_disable"], ConfigCoercion.bool(disable) == true {
                return add(parent: parent, name: name, fullName: fullName, isGroup: true, config: ["_disable": true])
            }

            let env = Self.env(inherited: inheritedEnv, own: config["_env"])
            let operatorKeys = config.keys.filter { $0.hasSuffix(">") }
            let isOperator = config["_type"] != nil || !operatorKeys.isEmpty
            let type = config["_type"]?.textValue ?? operatorKeys.first.map { String($0.dropLast()) }
            if !env.isEmpty, !isOperator || type.map(WorkflowCompiler.commandOperators.contains) == true {
                config["_env"] = .object(env)
            }
            if isOperator {
                if !children.isEmpty {
                    throw ConfigError("A task can't have subtasks: \(JSONText.compact(.object(original)))")
                }
                if operatorKeys.count > 1 {
                    throw ConfigError("A task can't have more than one operator: \(JSONText.compact(.object(config)))")
                }
                try validateErrorBlock(fullName: fullName, config: config)
                return add(parent: parent, name: name, fullName: fullName, isGroup: false, config: config)
            }

            let index = add(parent: parent, name: name, fullName: fullName, isGroup: true, config: config)
            for (childName, _) in children {
                failures.append(contentsOf: TaskNameRules.rawTaskNameFailures(childName).map { "task name \($0)" })
            }
            let unknown = config.keys.filter { !WorkflowCompiler.groupKeys.contains($0) }
            if !unknown.isEmpty {
                let described = unknown.map { key -> String in
                    let candidates = EditDistance.suggest(key, among: WorkflowCompiler.groupKeys)
                    return candidates.isEmpty ? "'\(key)'" : "'\(key)' (did you mean [\(candidates.joined(separator: ", "))]?)"
                }
                failures.append(
                    "\(fullName) contains invalid keys: \(described.joined(separator: ", ")): \"\(JSONText.compact(.object(config)))\""
                )
            }

            var childIndexes: [Int] = []
            for (childName, childConfig) in children {
                childIndexes.append(
                    try collect(
                        parent: index, parentFullName: fullName, name: childName, config: childConfig, inheritedEnv: env))
            }
            try link(children: childIndexes, mode: try ParallelMode.of(config))
            try validateErrorBlock(fullName: fullName, config: config)
            return index
        }

        /// `inherited` with `own` over it; an `own` that is not a mapping is left to the operator,
        /// which reports it.
        static func env(inherited: Config, own: ConfigValue?) -> Config {
            guard case .object(let variables)? = own else { return inherited }
            return inherited.merging(variables) { _, own in own }
        }

        mutating func add(parent: Int?, name: String, fullName: String, isGroup: Bool, config: Config) -> Int {
            let index = tasks.count
            tasks.append(
                WorkflowTask(
                    index: index, name: name, fullName: fullName, parentIndex: parent, upstreamIndexes: [],
                    isGroup: isGroup, config: config))
            return index
        }

        mutating func link(children: [Int], mode: ParallelMode) throws(ConfigError) {
            switch mode {
            case .sequential:
                var before: [Int] = []
                for child in children {
                    if tasks[child].config["_after"] != nil {
                        throw ConfigError(
                            "Setting \"_after\" option is invalid if its parent task doesn't have \"_parallel: true\" option")
                    }
                    let background = tasks[child].config["_background"].flatMap(ConfigCoercion.bool) ?? false
                    if background {
                        before.append(child)
                    } else {
                        tasks[child].upstreamIndexes.append(contentsOf: before)
                        before = [child]
                    }
                    tasks[child].config.removeValue(forKey: "_background")
                }
            case .parallel:
                var names: [String: Int] = [:]
                for child in children { try linkParallel(child, names: &names) }
            case .batches(let limit):
                var names: [String: Int] = [:]
                var before: [Int] = []
                for start in stride(from: 0, to: children.count, by: limit) {
                    let batch = Array(children[start..<min(start + limit, children.count)])
                    for child in batch {
                        try linkParallel(child, names: &names)
                        tasks[child].upstreamIndexes.append(contentsOf: before)
                    }
                    before = batch
                }
            }
        }

        mutating func linkParallel(_ child: Int, names: inout [String: Int]) throws(ConfigError) {
            if let bg = tasks[child].config["_background"], ConfigCoercion.bool(bg) == true {
                throw ConfigError(
                    "Setting \"_background: true\" option is invalid (unnecessary) if its parent task has \"_parallel: true\" option"
                )
            }
            let after: [String]
            switch tasks[child].config["_after"] {
            case .string(let s)?: after = [s]
            case .array(let items)?: after = items.map(\.textValue)
            default: after = []
            }
            for upName in after {
                guard let up = names[upName] else { throw ConfigError("Dependency task '\(upName)' does not exist") }
                tasks[child].upstreamIndexes.append(up)
            }
            tasks[child].config.removeValue(forKey: "_after")
            names[tasks[child].name] = child
        }

        func validateErrorBlock(fullName: String, config: Config) throws(ConfigError) {
            let errorConfig = config.nestedOrEmpty("_error")
            if !errorConfig.isEmpty {
                _ = try WorkflowCompiler().compileTasks(parentFullName: fullName, name: "^error", config: errorConfig)
            }
        }

        static func nestedOrdered(_ key: String, _ value: ConfigValue) throws(ConfigError) -> Config {
            switch value {
            case .object(let o): return o
            case .array(let items):
                var merged: Config = [:]
                for item in items {
                    guard case .object(let o) = item else {
                        throw ConfigError("Expected object but got \(JSONText.compact(item))")
                    }
                    for (k, v) in o { merged[k] = v }
                }
                return merged
            default:
                throw ConfigError("Parameter '\(key)' must be an object or array of objects")
            }
        }
    }
}
