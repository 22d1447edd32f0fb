import DigdagCore
import DigdagStorage
import Foundation
import GRDB

/// Column lists and row decoding of the SQLite store (positional, matching the lists).
enum SQLiteRows {
    /// Revision columns (`r`), 8 columns.
    static let revisionColumns = """
        r.id, r.project_id, r.name, r.created_at, r.archive_type, r.archive_md5, r.default_params, r.user_info
        """

    /// Project columns (`p`) then the latest revision (`r`, all NULL when none), 12 columns.
    static let projectSelect = """
        SELECT p.id, COALESCE(p.name, p.deleted_name), p.created_at, p.deleted_at, \(revisionColumns)
        FROM projects p
        LEFT JOIN revisions r ON r.id = (SELECT max(id) FROM revisions WHERE project_id = p.id)
        """

    /// Workflow definitions with their project, revision and config, 8 columns.
    static let workflowSelect = """
        SELECT wd.id, wd.name, p.id, COALESCE(p.name, p.deleted_name), r.id, r.name, wc.timezone, wc.config
        FROM workflow_definitions wd
        JOIN revisions r ON r.id = wd.revision_id
        JOIN projects p ON p.id = r.project_id
        JOIN workflow_configs wc ON wc.id = wd.config_id
        """

    /// Attempts with their session and project name, 15 columns.
    static let attemptColumns = """
        a.id, a."index", a.session_id, s.session_uuid, a.project_id, COALESCE(p.name, p.deleted_name), \
        s.workflow_name, a.workflow_definition_id, s.session_time, a.timezone, a.attempt_name, a.state_flags, \
        a.params, a.created_at, a.finished_at
        """

    /// `SELECT` of attempts joined to sessions and projects.
    static let attemptSelect = """
        SELECT \(attemptColumns)
        FROM session_attempts a
        JOIN sessions s ON s.id = a.session_id
        JOIN projects p ON p.id = a.project_id
        """

    /// Task columns, 14 columns.
    static let taskColumns = """
        id, local_id, parent_local_id, full_name, state, state_flags, is_group, retry_count, retry_at, started_at, \
        updated_at, details, state_details
        """

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

    static func attempt(_ row: Row, at s: Int = 0) throws(StoreError) -> StoredAttempt {
        let uuidText: String = row[s + 3]
        guard let uuid = UUID(uuidString: uuidText) else {
            throw StoreError(.database, "Stored session UUID is broken: \(uuidText)")
        }
        return StoredAttempt(
            id: row[s], index: row[s + 1], sessionId: row[s + 2], sessionUUID: uuid, projectId: row[s + 4],
            projectName: row[s + 5], workflowName: row[s + 6], workflowDefinitionId: row[s + 7],
            sessionTime: row[s + 8], timeZone: row[s + 9],
            retryAttemptName: StorageCoding.retryAttemptName(row[s + 10]),
            flags: AttemptFlags(rawValue: row[s + 11]), params: try StorageCoding.config(row[s + 12]),
            createdAt: date(row, s + 13) ?? Date(timeIntervalSince1970: 0), finishedAt: date(row, s + 14))
    }

    static func task(_ row: Row) throws(StoreError) -> StoredTask {
        let task = try TaskCoding.task(
            localId: row[1], parentLocalId: row[2], fullName: row[3], stateCode: row[4], flags: row[5],
            isGroup: row[6], retryCount: row[7], retryAt: row[8], startedAt: row[9], updatedAt: row[10],
            details: row[11], stateDetails: row[12])
        return StoredTask(rowId: row[0], task: task)
    }
}
