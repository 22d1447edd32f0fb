import DigdagOperatorKit
import Foundation

/// Runs a workflow in local mode and returns the process exit status.
func runLocalWorkflow(_ options: RunOptions, system: SystemConfig) async throws -> Int32 {
    var request = LocalRunRequest(workflow: options.workflow)
    request.taskPattern = options.taskPattern
    request.projectDirectory = options.projectDirectory
    request.saveDirectory = options.saveDirectory
    request.noSave = options.noSave
    request.rerun = options.rerunAll
    request.start = options.start
    request.goal = options.goal
    request.end = options.end
    request.session = options.session
    request.params = options.params.map { ($0.key, $0.value) }
    request.paramsFile = options.paramsFile
    request.dryRun = options.dryRun
    request.showParams = options.showParams
    request.maxTaskThreads = options.maxTaskThreads
    request.taskLogDirectory = options.taskLogDirectory
    let sink = ConsoleLogSink(
        minimumLevel: options.common.parsedLogLevel ?? .info,
        logFile: try ConsoleLogSink.openLogFile(options.common.logPath))
    let run = LocalWorkflowRun(
        request: request, systemConfig: system.properties, environment: ProcessInfo.processInfo.environment,
        sink: sink, wiring: .standard())
    return try await run.run()
}
