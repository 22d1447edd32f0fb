import DigdagCore
import DigdagOperatorKit
import Foundation
import Synchronization

/// Collects everything an operator writes to its output.
final class RecordingOutput: TaskOutput {
    private let storage = Mutex<[String]>([])

    func write(_ text: String) { storage.withLock { $0.append(text) } }

    /// All writes, in order.
    var writes: [String] { storage.withLock { $0 } }
    /// All text written.
    var text: String { writes.joined() }
}

/// Collects log lines.
final class RecordingLogger: TaskLogger {
    private let storage = Mutex<[(LogLevel, String)]>([])

    func log(_ level: LogLevel, _ message: String) { storage.withLock { $0.append((level, message)) } }

    var messages: [String] { storage.withLock { $0.map(\.1) } }
}

/// Secrets from a dictionary.
struct DictionarySecrets: SecretProvider {
    var values: [String: String]

    func secret(_ key: String) throws -> String? { values[key] }
}

/// Leaves templates as they are.
struct PlainRenderer: TemplateRenderer {
    func render(_ text: String, params: Config, timeZone: String) throws -> String { text }
}

/// A throwaway project directory with a context to run operators in it.
struct TestProject {
    let path: URL
    let output = RecordingOutput()
    let logger = RecordingLogger()

    init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("digdag-ops-test-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: path, withIntermediateDirectories: true)
    }

    /// Writes a file in the project.
    func write(_ name: String, _ text: String) throws {
        let url = path.appendingPathComponent(name)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// A context for a task whose params are `config` (plus `_command`, `_type`) and own keys `local`.
    func context(
        type: String, command: ConfigValue?, params: Config = [:], local: Config = [:],
        secrets: [String: String] = [:], workdir: String? = nil, environment: [String: String]? = nil
    ) -> OperatorContext {
        var localConfig: Config = ["_type": .string(type)]
        if let command { localConfig["_command"] = command }
        localConfig.deepMerge(local)
        var config: Config = ["session_time": "2024-01-01T00:00:00+00:00", "task_name": "+wf+t"]
        config.deepMerge(params)
        config.deepMerge(localConfig)
        let request = TaskRequest(
            workflowName: "wf", taskId: 7, taskName: "+wf+t", timeZone: "UTC",
            sessionTime: Date(timeIntervalSince1970: 1_704_067_200), config: config, localConfig: localConfig)
        let workspace = workdir.map { path.appendingPathComponent($0, isDirectory: true) } ?? path
        return OperatorContext(
            request: request, projectPath: path, workspacePath: workspace,
            secrets: DictionarySecrets(values: secrets), logger: logger, output: output,
            templates: PlainRenderer(), environment: environment ?? ProcessInfo.processInfo.environment)
    }

    func remove() {
        try? FileManager.default.removeItem(at: path)
    }
}
