import DigdagCore
import Foundation

/// The JSON columns of a stored task, shared by both stores.
///
/// `tasks.details` holds the part written once at insert (`localConfig`, `exportConfig`,
/// `upstreamIds`); `tasks.state_details` the part that changes (`stateParams`, `storeParams`,
/// `resetStoreParams`, `exportParams`, `subtaskConfig`, `error`). Empty values are left out;
/// `error` is present exactly when it is not nil, so nil and `{}` stay apart.
package enum TaskCoding {
    /// The insert-only JSON of a task.
    package static func details(of task: AttemptTask) -> String {
        var object: Config = ["localConfig": .object(task.localConfig)]
        if !task.exportConfig.isEmpty { object["exportConfig"] = .object(task.exportConfig) }
        if !task.upstreamIds.isEmpty { object["upstreamIds"] = .array(task.upstreamIds.map { .int($0) }) }
        return StorageCoding.text(object)
    }

    /// The mutable JSON of a task.
    package static func stateDetails(of task: AttemptTask) -> String {
        var object: Config = [:]
        if !task.stateParams.isEmpty { object["stateParams"] = .object(task.stateParams) }
        if !task.storeParams.isEmpty { object["storeParams"] = .object(task.storeParams) }
        if !task.resetStoreParams.isEmpty {
            object["resetStoreParams"] = .array(task.resetStoreParams.map { .string($0) })
        }
        if !task.exportParams.isEmpty { object["exportParams"] = .object(task.exportParams) }
        if !task.subtaskConfig.isEmpty { object["subtaskConfig"] = .object(task.subtaskConfig) }
        if let error = task.error { object["error"] = .object(error) }
        return StorageCoding.text(object)
    }

    /// Rebuilds a task from its columns (instants in epoch milliseconds).
    package static func task(
        localId: Int64, parentLocalId: Int64?, fullName: String, stateCode: Int, flags: Int, isGroup: Bool,
        retryCount: Int, retryAt: Int64?, startedAt: Int64?, updatedAt: Int64?, details: String, stateDetails: String
    ) throws(StoreError) -> AttemptTask {
        let fixed = try StorageCoding.config(details)
        let mutable = try StorageCoding.config(stateDetails)
        return AttemptTask(
            id: localId, parentId: parentLocalId, fullName: fullName,
            upstreamIds: fixed["upstreamIds"]?.arrayValue?.compactMap(int) ?? [],
            isGroup: isGroup,
            localConfig: fixed["localConfig"]?.objectValue ?? [:],
            exportConfig: fixed["exportConfig"]?.objectValue ?? [:],
            state: try TaskState(storageCode: stateCode),
            flags: TaskFlags(rawValue: flags),
            stateParams: mutable["stateParams"]?.objectValue ?? [:],
            retryCount: retryCount,
            retryAt: retryAt.map(StorageCoding.date(millis:)),
            startedAt: startedAt.map(StorageCoding.date(millis:)),
            updatedAt: updatedAt.map(StorageCoding.date(millis:)),
            storeParams: mutable["storeParams"]?.objectValue ?? [:],
            resetStoreParams: mutable["resetStoreParams"]?.arrayValue?.compactMap(\.stringValue) ?? [],
            exportParams: mutable["exportParams"]?.objectValue ?? [:],
            subtaskConfig: mutable["subtaskConfig"]?.objectValue ?? [:],
            error: mutable["error"]?.objectValue)
    }

    private static func int(_ value: ConfigValue) -> Int64? {
        if case .int(let i) = value { return i }
        return nil
    }

    /// The JSON of a resumed attempt's reused results, keys sorted.
    package static func resumedResults(_ results: [String: TaskOutcome]) -> String {
        var object: Config = [:]
        for name in results.keys.sorted() {
            let outcome = results[name]!
            var entry: Config = [:]
            if !outcome.subtaskConfig.isEmpty { entry["subtaskConfig"] = .object(outcome.subtaskConfig) }
            if !outcome.exportParams.isEmpty { entry["exportParams"] = .object(outcome.exportParams) }
            if !outcome.storeParams.isEmpty { entry["storeParams"] = .object(outcome.storeParams) }
            if !outcome.resetStoreParams.isEmpty {
                entry["resetStoreParams"] = .array(outcome.resetStoreParams.map { .string($0) })
            }
            object[name] = .object(entry)
        }
        return StorageCoding.text(object)
    }

    /// Parses `resumedResults(_:)` text; nil or empty text means none.
    package static func resumedResults(_ text: String?) throws(StoreError) -> [String: TaskOutcome] {
        guard let text, !text.isEmpty else { return [:] }
        var results: [String: TaskOutcome] = [:]
        for (name, value) in try StorageCoding.config(text) {
            let entry = value.objectValue ?? [:]
            results[name] = TaskOutcome(
                subtaskConfig: entry["subtaskConfig"]?.objectValue ?? [:],
                exportParams: entry["exportParams"]?.objectValue ?? [:],
                storeParams: entry["storeParams"]?.objectValue ?? [:],
                resetStoreParams: entry["resetStoreParams"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        }
        return results
    }
}
