import DigdagCore
import DigdagOperatorKit
import DigdagProject
import DigdagRuntime
import Foundation

/// `digdag run`: loads the project, resolves the session, runs the attempt with status files
/// and prints Digdag's summary. Returns the exit code.
struct LocalWorkflowRun {
    let request: LocalRunRequest
    let systemConfig: [String: String]
    let environment: [String: String]
    let sink: ConsoleLogSink
    let wiring: LocalWiring

    func run() async throws -> Int32 {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let projectPath = request.projectDirectory.map {
            URL(fileURLWithPath: $0, relativeTo: cwd).standardizedFileURL
        } ?? cwd
        var overrideParams = try LocalParams.load(
            system: systemConfig, paramsFile: request.paramsFile, params: request.params, cwd: cwd)
        if projectPath.path != cwd.standardizedFileURL.path {
            sink.log(.info, thread: "main", source: "io.digdag.cli.Arguments", "Setting project path to \(projectPath.path)")
            overrideParams["_project_path"] = .string(projectPath.path)
        }

        let project = try wiring.loadProject(projectPath)
        let name = workflowName(request.workflow, projectPath: projectPath, cwd: cwd)
        guard let workflow = project.first(where: { $0.name == name }) else {
            throw CLIError(missingWorkflowMessage(name))
        }
        var tasks = try WorkflowCompiler().compileWorkflow(name: workflow.name, config: workflow.config)
        _ = try SlaRule(rootConfig: workflow.config)  // as Digdag: a broken `sla:` starts nothing
        if let pattern = request.taskPattern, !pattern.isEmpty {
            let index = try TaskMatchPattern(pattern).findIndex(in: tasks)
            if index > 0 { tasks = SubtreeExtract.extract(tasks, target: index) }
        }

        let statusRoot = URL(fileURLWithPath: request.saveDirectory, relativeTo: projectPath).standardizedFileURL
        let (sessionTime, source) = try SessionTimeArgument.resolve(
            request.session, now: Date(), zone: workflow.zone, statusRoot: statusRoot, workflow: workflow.name,
            lastStatusTime: wiring.lastStatusTime)
        let shown = ZonedTime(sessionTime, workflow.zone).isoOffset
        switch source {
        case .reused: sink.log(.warn, thread: "main", source: LogSource.run, "Reusing the last session time \(shown).")
        case .new: sink.log(.warn, thread: "main", source: LogSource.run, "Using a new session time \(shown).")
        case .explicit: break
        }
        let statusPath = statusRoot.appendingPathComponent(ZonedTime(sessionTime, workflow.zone).statusDirectoryName)
        if !request.noSave {
            sink.log(.info, thread: "main", source: LogSource.run, "Using session \(statusPath.path).")
        }
        let gate = try makeGate(tasks: tasks, statusPath: statusPath)

        let sessionParams = SessionParams.build(
            overrides: overrideParams, schedule: workflow.schedule.map { .object($0) }, zone: workflow.zone,
            sessionTime: sessionTime)
        var spec = AttemptSpec(
            workflowName: workflow.name, sessionUUID: UUID().uuidString.lowercased(), sessionTime: sessionTime,
            timeZoneName: workflow.timeZoneName, timeZone: workflow.zone, baseParams: sessionParams, tasks: tasks,
            projectPath: projectPath)
        spec.systemConfig = systemConfig
        spec.maxTaskThreads = request.maxTaskThreads
        spec.workflows = ProjectWorkflowSource(projectPath: projectPath)
        spec.revision = ZonedTime.instantText(Date())
        if let taskLogDirectory = request.taskLogDirectory {
            spec.taskLogs = LocalTaskLogDirectory(root: URL(fileURLWithPath: taskLogDirectory, relativeTo: cwd))
        }
        let sessions = LocalSessions(definitions: Self.definitions(project))
        spec.sessions = sessions
        sink.log(
            .info, thread: "main", source: LogSource.workflowExecutor,
            "Starting a new session project id=1 workflow name=\(workflow.name) session_time=\(shown)")

        let secrets = LocalRunSecrets(files: LocalSecretStore(environment: environment), systemConfig: systemConfig)
        await sessions.configure(
            LocalSessions.Environment(
                template: spec, operators: wiring.operators, evaluator: wiring.evaluator, secrets: secrets, sink: sink,
                processEnvironment: environment))
        let runner = AttemptRunner(
            spec: spec, operators: wiring.operators, evaluator: wiring.evaluator, secrets: secrets, gate: gate,
            sink: sink, environment: environment)
        let state: AttemptState
        do throws(AttemptError) {
            state = try await runner.run()
        } catch {
            throw CLIError(error.message)
        }
        return try summarize(state, statusPath: statusPath)
    }

    /// Compiled workflows of the project by name, for `require>`.
    static func definitions(_ project: [LoadedWorkflow]) -> @Sendable (String) throws -> LocalSessions.Definition? {
        let byName = Dictionary(project.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        return { name in
            guard let workflow = byName[name] else { return nil }
            let tasks = try WorkflowCompiler().compileWorkflow(name: workflow.name, config: workflow.config)
            return LocalSessions.Definition(tasks: tasks, timeZoneName: workflow.timeZoneName, timeZone: workflow.zone)
        }
    }

    private func makeGate(tasks: [WorkflowTask], statusPath: URL) throws -> LocalRunGate {
        var statusEnabled: Set<String>? = nil
        var runNames: Set<String>? = nil
        func names(_ indexes: [Int]) -> Set<String> { Set(indexes.map { tasks[$0].fullName }) }
        if let goal = request.goal {
            let index = try TaskMatchPattern(goal).findIndex(in: tasks)
            let before = TaskListWalk.before(index, in: tasks)
            statusEnabled = names(before)
            runNames = names(before + TaskListWalk.descendants(index, in: tasks) + [index])
        }
        if let start = request.start {
            let index = try TaskMatchPattern(start).findIndex(in: tasks)
            statusEnabled = names(TaskListWalk.before(index, in: tasks))
        }
        if request.rerun { statusEnabled = [] }
        if let end = request.end {
            let index = try TaskMatchPattern(end).findIndex(in: tasks)
            runNames = names(TaskListWalk.before(index, in: tasks))
        }
        return LocalRunGate(
            status: request.noSave ? nil : wiring.statusStore(statusPath), statusEnabledNames: statusEnabled,
            runNames: runNames, executesOperators: !request.dryRun,
            showParams: request.showParams ? wiring.renderYAML : nil)
    }

    private func summarize(_ state: AttemptState, statusPath: URL) throws -> Int32 {
        let failed = state.tasks.filter { $0.state == .error }
        let hints = """
              * Use --session <daily | hourly | "yyyy-MM-dd[ HH:mm:ss]"> to not reuse the last session time.
              * Use --rerun, --start +NAME, or --goal +NAME argument to rerun skipped tasks.
            """
        if failed.isEmpty {
            let head = request.noSave ? "Success." : "Success. Task state is saved at \(statusPath.path) directory."
            StandardError.write(head + "\n" + hints + "\n")
            return 0
        }
        var text = "\n"
        for task in failed {
            var message = task.error?["message"]?.stringValue ?? ""
            if message.isEmpty {
                message = JSONText.compact(.object(task.error ?? [:]))
            } else if let range = message.range(of: "Exception: "), range.lowerBound > message.startIndex {
                message = String(message[range.upperBound...])
            }
            text += "  * \(task.fullName):\n    \(message)\n"
        }
        text += "\n"
        if !request.noSave {
            text += "Task state is saved at \(statusPath.path) directory.\n" + hints + "\n"
        }
        throw CLIError(String(text.dropLast()))
    }

    private func workflowName(_ argument: String, projectPath: URL, cwd: URL) -> String {
        guard argument.hasSuffix(".dig") else { return argument }
        let file = URL(fileURLWithPath: argument, relativeTo: projectPath).standardizedFileURL.path
        let root = projectPath.standardizedFileURL.path + "/"
        let relative = file.hasPrefix(root) ? String(file.dropFirst(root.count)) : argument
        return String(relative.dropLast(4))
    }

    private func missingWorkflowMessage(_ name: String) -> String {
        if let dir = request.projectDirectory {
            return "Workflow '\(name)' does not exist in project directory '\(dir)'."
        }
        if name.contains("/") {
            let subdir = (name as NSString).deletingLastPathComponent
            return
                "Workflow '\(name)' does not exist in current directory. You may need to type \"cd \(subdir)\" first, or set \"--project \(subdir)\" option."
        }
        return
            "Workflow '\(name)' does not exist in current directory. You may need to change directory first, or set --project option."
    }
}

/// Writes to stderr.
enum StandardError {
    static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
