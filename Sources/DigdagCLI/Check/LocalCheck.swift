import DigdagCore
import DigdagProject
import Foundation

/// Prints the project's workflow definitions, parameters and schedules (each with its first
/// session time and run time from now, in the machine's time zone); returns the exit status.
func checkProject(_ options: CheckOptions, system: SystemConfig) async throws -> Int32 {
    let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    let params = try LocalParams.load(
        system: system.properties, paramsFile: options.paramsFile, params: options.params.map { ($0.key, $0.value) },
        cwd: cwd)
    var out = "  System default timezone: \(TimeZone.current.identifier)\n\n"
    let projectPath = options.projectDirectory.map { URL(fileURLWithPath: $0, relativeTo: cwd).standardizedFileURL } ?? cwd
    let workflows = try ProjectLoader.load(projectDirectory: projectPath).workflows

    var definitions = ""
    for workflow in workflows {
        let tasks = try WorkflowCompiler().compileWorkflow(name: workflow.name, config: workflow.definitionConfig)
        definitions += "    \(workflow.name) (\(tasks.count) tasks)\n"
        var required = Set<String>()
        for task in tasks {
            if case .string(let name)? = task.config["require>"], required.insert(name).inserted {
                definitions += "      -> \(name)\n"
            }
        }
    }
    out += "  Definitions (\(workflows.count) workflows):\n" + definitions + "\n"
    out += "  Parameters:\n" + indented(JacksonYAML.render(params), by: "    ") + "\n"

    // The CLI reads the clock; the schedule calculation itself takes it as an argument.
    let now = Date()
    var schedules = ""
    var count = 0
    for workflow in workflows {
        guard let value = workflow.schedule, !value.isNull else { continue }
        let definition = try ScheduleDefinition(value: value, timeZone: ZoneNames.zone(workflow.timeZone) ?? .gmt)
        let first = definition.firstSlot(atOrAfterRunTime: now)
        count += 1
        schedules += "    \(workflow.name):\n" + indented(JacksonYAML.render(definition.config), by: "      ")
        schedules += "      first session time: \(ClientTime.format(first.sessionTime))\n"
        schedules += "      first scheduled to run at: \(ClientTime.formatWithDiff(now: now, first.runTime))\n"
    }
    out += "  Schedules (\(count) entries):\n" + schedules + "\n"
    FileHandle.standardOutput.write(Data(out.utf8))
    return 0
}

private func indented(_ text: String, by indent: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false)
        .filter { !$0.isEmpty }
        .map { indent + $0 + "\n" }
        .joined()
}
