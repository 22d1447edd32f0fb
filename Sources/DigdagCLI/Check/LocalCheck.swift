import DigdagCore
import DigdagProject
import Foundation

/// Prints the project's workflow definitions, parameters and schedules; returns the exit status.
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

    var schedules = ""
    var count = 0
    for workflow in workflows {
        guard case .object(let schedule)? = workflow.schedule else { continue }
        count += 1
        schedules += "    \(workflow.name):\n" + indented(JacksonYAML.render(schedule), by: "      ")
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
