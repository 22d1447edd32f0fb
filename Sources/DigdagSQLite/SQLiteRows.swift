import DigdagCore
import DigdagStorage
import Foundation
import GRDB

/// Row decoding of the SQLite store (positional, matching the column lists of `StorageSQL`).
enum SQLiteRows {
    static func date(_ row: Row, _ index: Int) -> Date? {
        (row[index] as Int64?).map(StorageCoding.date(millis:))
    }

    static func revision(_ row: Row, at start: Int) throws(StoreError) -> StoredRevision? {
        guard let id = row[start] as Int? else { return nil }
        return StoredRevision(
            id: id, projectId: row[start + 1], name: row[start + 2],
            createdAt: date(row, start + 3) ?? Date(timeIntervalSince1970: 0), archiveType: row[start + 4],
            archiveMD5: row[start + 5], defaultParams: try StorageCoding.config(row[start + 6]),
            userInfo: try StorageCoding.config(row[start + 7]))
    }

    static func project(_ row: Row) throws(StoreError) -> StoredProject {
        StoredProject(
            id: row[0], name: row[1], createdAt: date(row, 2) ?? Date(timeIntervalSince1970: 0),
            deletedAt: date(row, 3), latestRevision: try revision(row, at: 4))
    }

    static func workflow(_ row: Row) throws(StoreError) -> StoredWorkflow {
        StoredWorkflow(
            id: row[0], name: row[1], projectId: row[2], projectName: row[3], revisionId: row[4],
            revisionName: row[5], timeZone: row[6], config: try StorageCoding.config(row[7]))
    }

    static func attempt(_ row: SQLiteColumns, at s: Int = 0) throws(StoreError) -> StoredAttempt {
        let uuidText = row.text(s + 3)
        guard let uuid = UUIDText.parse(uuidText) else {
            throw StoreError(.database, "Stored session UUID is broken: \(uuidText)")
        }
        return StoredAttempt(
            id: row.int64(s), index: row.int(s + 1), sessionId: row.int64(s + 2), sessionUUID: uuid,
            projectId: row.int(s + 4), projectName: row.text(s + 5), workflowName: row.text(s + 6),
            workflowDefinitionId: row.optionalInt64(s + 7), sessionTime: row.int64(s + 8), timeZone: row.text(s + 9),
            retryAttemptName: StorageCoding.retryAttemptName(row.text(s + 10)),
            flags: AttemptFlags(rawValue: row.int(s + 11)), params: try StorageCoding.config(row.text(s + 12)),
            createdAt: row.date(s + 13) ?? Date(timeIntervalSince1970: 0), finishedAt: row.date(s + 14))
    }

    static func task(_ row: Row) throws(StoreError) -> StoredTask {
        let task = try TaskCoding.task(
            localId: row[1], parentLocalId: row[2], fullName: row[3], stateCode: row[4], flags: row[5],
            isGroup: row[6], retryCount: row[7], retryAt: row[8], startedAt: row[9], updatedAt: row[10],
            details: row[11], stateDetails: row[12])
        return StoredTask(rowId: row[0], task: task)
    }

    static func schedule(_ row: Row) throws(StoreError) -> StoredSchedule {
        StoredSchedule(
            id: row[0], projectId: row[1], projectName: row[2], workflowName: row[3], workflowDefinitionId: row[4],
            timeZone: row[5], workflowConfig: try StorageCoding.config(row[6]), nextRunTime: row[7],
            nextScheduleTime: row[8], lastSessionTime: row[9], createdAt: date(row, 10) ?? Date(timeIntervalSince1970: 0),
            updatedAt: date(row, 11) ?? Date(timeIntervalSince1970: 0), disabledAt: date(row, 12))
    }
}
