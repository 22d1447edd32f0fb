import DigdagCore
import DigdagStorage
import Foundation

/// A queued task as the node that runs it needs it: the task, the params its owner collected
/// for it, and its thread name.
struct QueuedTaskPayload: Sendable {
    let task: AttemptTask
    let params: Config
    let thread: String
}

/// The JSON of queued tasks' payloads and completions (columns `queued_tasks.payload` and
/// `queued_tasks.completion`).
enum QueuedTaskCoding {
    static func payload(_ task: AttemptTask, params: Config, thread: String) -> String {
        var object: Config = ["name": .string(task.fullName), "thread": .string(thread)]
        if !task.localConfig.isEmpty { object["localConfig"] = .object(task.localConfig) }
        if !task.stateParams.isEmpty { object["stateParams"] = .object(task.stateParams) }
        if task.retryCount != 0 { object["retryCount"] = .int(Int64(task.retryCount)) }
        if !params.isEmpty { object["params"] = .object(params) }
        return StorageCoding.text(object)
    }

    static func payload(_ text: String, taskId: Int64) throws(StoreError) -> QueuedTaskPayload {
        let object = try StorageCoding.config(text)
        let task = AttemptTask(
            id: taskId, parentId: nil, fullName: object["name"]?.stringValue ?? "", upstreamIds: [], isGroup: false,
            localConfig: object["localConfig"]?.objectValue ?? [:], exportConfig: [:], state: .running, flags: [],
            stateParams: object["stateParams"]?.objectValue ?? [:], retryCount: Int(int(object["retryCount"]) ?? 0))
        return QueuedTaskPayload(
            task: task, params: object["params"]?.objectValue ?? [:], thread: object["thread"]?.stringValue ?? "main")
    }

    static func completion(_ completion: TaskCompletion) -> String {
        switch completion {
        case .succeeded(let outcome):
            var entry: Config = [:]
            if !outcome.subtaskConfig.isEmpty { entry["subtaskConfig"] = .object(outcome.subtaskConfig) }
            if !outcome.exportParams.isEmpty { entry["exportParams"] = .object(outcome.exportParams) }
            if !outcome.storeParams.isEmpty { entry["storeParams"] = .object(outcome.storeParams) }
            if !outcome.resetStoreParams.isEmpty {
                entry["resetStoreParams"] = .array(outcome.resetStoreParams.map { .string($0) })
            }
            return StorageCoding.text(["succeeded": .object(entry)])
        case .failed(let error):
            return StorageCoding.text(["failed": .object(error)])
        case .retry(let seconds, let stateParams, let error):
            var entry: Config = ["seconds": .int(Int64(seconds)), "stateParams": .object(stateParams)]
            if let error { entry["error"] = .object(error) }
            return StorageCoding.text(["retry": .object(entry)])
        }
    }

    static func completion(_ text: String) throws(StoreError) -> TaskCompletion {
        let object = try StorageCoding.config(text)
        if let entry = object["succeeded"]?.objectValue {
            return .succeeded(
                TaskOutcome(
                    subtaskConfig: entry["subtaskConfig"]?.objectValue ?? [:],
                    exportParams: entry["exportParams"]?.objectValue ?? [:],
                    storeParams: entry["storeParams"]?.objectValue ?? [:],
                    resetStoreParams: entry["resetStoreParams"]?.arrayValue?.compactMap(\.stringValue) ?? []))
        }
        if let entry = object["retry"]?.objectValue {
            return .retry(
                afterSeconds: Int(int(entry["seconds"]) ?? 0), stateParams: entry["stateParams"]?.objectValue ?? [:],
                error: entry["error"]?.objectValue)
        }
        if let error = object["failed"]?.objectValue { return .failed(error: error) }
        throw StoreError(.database, "Stored task completion is broken: \(text.prefix(100))")
    }

    private static func int(_ value: ConfigValue?) -> Int64? {
        if case .int(let i) = value { return i }
        return nil
    }
}
