import DigdagCore
import DigdagStorage
import Foundation
import GRDB

extension SQLiteStorage {
    /// Stores a revision, its archive and workflows, creating the project if needed, and updates the
    /// project's schedules (`NewRevision.schedules`), in one transaction.
    public func putRevision(_ revision: NewRevision) async throws(StoreError) -> StoredProject {
        try await write { db in
            let site = StorageCoding.siteId
            let projectId: Int
            if let id = try Int.fetchOne(db.cachedStatement(sql: "SELECT id FROM projects WHERE site_id = ? AND name = ?"),
                arguments: [site, revision.projectName])
            {
                projectId = id
            } else {
                try db.cachedStatement(sql: "INSERT INTO projects (site_id, name, created_at) VALUES (?, ?, ?)").execute(
                    arguments: [site, revision.projectName, StorageCoding.millis(revision.createdAt)])
                projectId = Int(db.lastInsertedRowID)
            }
            let exists = try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM revisions WHERE project_id = ? AND name = ?)"),
                arguments: [projectId, revision.revisionName]) ?? false
            if exists { throw StorageCoding.revisionConflict(name: revision.revisionName, projectId: projectId) }
            try db.cachedStatement(sql: """
                    INSERT INTO revisions (project_id, name, default_params, archive_type, archive_md5, created_at, user_info)
                    VALUES (?, ?, ?, 'db', ?, ?, ?)
                    """).execute(
                arguments: [
                    projectId, revision.revisionName, StorageCoding.text(revision.defaultParams), revision.archiveMD5,
                    StorageCoding.millis(revision.createdAt), StorageCoding.text(revision.userInfo),
                ])
            let revisionId = db.lastInsertedRowID
            try db.cachedStatement(sql: "INSERT INTO revision_archives (id, archive_data) VALUES (?, ?)").execute(
                arguments: [revisionId, revision.archive])
            var definitions: [(name: String, id: Int64)] = []
            for workflow in revision.workflows {
                let configId = try Self.workflowConfigId(db, projectId: projectId, workflow: workflow)
                try db.cachedStatement(sql: "INSERT INTO workflow_definitions (config_id, revision_id, name) VALUES (?, ?, ?)").execute(
                    arguments: [configId, revisionId, workflow.name])
                definitions.append((workflow.name, db.lastInsertedRowID))
            }
            try Self.updateSchedules(
                db, projectId: projectId, definitions: definitions, schedules: revision.schedules, now: revision.createdAt)
            guard let project = try Self.project(db, id: projectId) else {
                throw StoreError(.database, "Project id=\(projectId) vanished")
            }
            return project
        }
    }

    /// The `workflow_configs` row of `workflow`, shared by digest within the project.
    private static func workflowConfigId(_ db: Database, projectId: Int, workflow: NewWorkflow) throws -> Int64 {
        let text = StorageCoding.text(workflow.config)
        let digest = StorageCoding.configDigest(timeZone: workflow.timeZone, configText: text)
        if let id = try Int64.fetchOne(
            db,
            sql: """
                SELECT id FROM workflow_configs
                WHERE project_id = ? AND config_digest = ? AND timezone = ? AND config = ?
                """,
            arguments: [projectId, digest, workflow.timeZone, text])
        {
            return id
        }
        try db.cachedStatement(sql: "INSERT INTO workflow_configs (project_id, config_digest, timezone, config) VALUES (?, ?, ?, ?)").execute(
            arguments: [projectId, digest, workflow.timeZone, text])
        return db.lastInsertedRowID
    }

    /// Non-deleted projects after `afterId`, by id; `namePattern` is a literal substring.
    public func projects(afterId: Int?, limit: Int, namePattern: String?) async throws(StoreError) -> [StoredProject] {
        try await read { db in
            var sql = StorageSQL.projectSelect + " WHERE p.name IS NOT NULL AND p.site_id = ?"
            var arguments: StatementArguments = [StorageCoding.siteId]
            if let afterId {
                sql += " AND p.id > ?"
                arguments += [afterId]
            }
            if let namePattern, !namePattern.isEmpty {
                sql += " AND p.name LIKE ? ESCAPE '\\'"
                arguments += [StorageCoding.likeContaining(namePattern)]
            }
            sql += " ORDER BY p.id LIMIT ?"
            arguments += [limit]
            return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map { row throws(StoreError) in
                try SQLiteRows.project(row)
            }
        }
    }

    /// A project by id, deleted or not.
    public func project(id: Int) async throws(StoreError) -> StoredProject? {
        try await read { db in try Self.project(db, id: id) }
    }

    static func project(_ db: Database, id: Int) throws -> StoredProject? {
        try Row.fetchOne(db.cachedStatement(sql: StorageSQL.projectSelect + " WHERE p.id = ?"), arguments: [id])
            .map { row throws(StoreError) in try SQLiteRows.project(row) }
    }

    /// A non-deleted project by name.
    public func project(named name: String) async throws(StoreError) -> StoredProject? {
        try await read { db in
            try Row.fetchOne(db.cachedStatement(sql: StorageSQL.projectSelect + " WHERE p.site_id = ? AND p.name = ?"),
                arguments: [StorageCoding.siteId, name]
            ).map { row throws(StoreError) in try SQLiteRows.project(row) }
        }
    }

    /// Soft-deletes a project and drops its schedules; returns it as it was (nil if missing).
    public func deleteProject(id: Int, now: Date) async throws(StoreError) -> StoredProject? {
        try await write { db in
            guard let project = try Self.project(db, id: id) else { return nil }
            guard project.deletedAt == nil else { return project }
            try db.cachedStatement(sql: "UPDATE projects SET deleted_name = name, name = NULL, deleted_at = ? WHERE id = ?").execute(
                arguments: [StorageCoding.millis(now), id])
            try db.cachedStatement(sql: "DELETE FROM schedules WHERE project_id = ?").execute( arguments: [id])
            return project
        }
    }

    /// Revisions of a project, newest first.
    public func revisions(projectId: Int, limit: Int) async throws(StoreError) -> [StoredRevision] {
        try await read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT \(StorageSQL.revisionColumns) FROM revisions r WHERE r.project_id = ? ORDER BY r.id DESC LIMIT ?"),
                arguments: [projectId, limit]
            ).compactMap { row throws(StoreError) in try SQLiteRows.revision(row, at: 0) }
        }
    }

    /// A revision by project and name.
    public func revision(projectId: Int, name: String) async throws(StoreError) -> StoredRevision? {
        try await read { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT \(StorageSQL.revisionColumns) FROM revisions r WHERE r.project_id = ? AND r.name = ?"),
                arguments: [projectId, name])
            else { return nil }
            return try SQLiteRows.revision(row, at: 0)
        }
    }

    /// The archive bytes of a revision.
    public func archive(revisionId: Int) async throws(StoreError) -> Data? {
        try await read { db in
            try Data.fetchOne(db.cachedStatement(sql: "SELECT archive_data FROM revision_archives WHERE id = ?"), arguments: [revisionId])
        }
    }

    /// Workflows of a revision, by id.
    public func workflows(revisionId: Int) async throws(StoreError) -> [StoredWorkflow] {
        try await read { db in
            try Row.fetchAll(db.cachedStatement(sql: StorageSQL.workflowSelect + " WHERE wd.revision_id = ? ORDER BY wd.id"), arguments: [revisionId])
                .map { row throws(StoreError) in try SQLiteRows.workflow(row) }
        }
    }

    /// A workflow definition by id.
    public func workflow(id: Int64) async throws(StoreError) -> StoredWorkflow? {
        try await read { db in
            try Row.fetchOne(db.cachedStatement(sql: StorageSQL.workflowSelect + " WHERE wd.id = ?"), arguments: [id])
                .map { row throws(StoreError) in try SQLiteRows.workflow(row) }
        }
    }

    /// Workflows of the latest revision of every non-deleted project, by id.
    public func latestWorkflows(
        afterId: Int64?, limit: Int, ascending: Bool, namePattern: String?, searchProjectName: Bool
    ) async throws(StoreError) -> [StoredWorkflow] {
        try await read { db in
            var sql = StorageSQL.workflowSelect + """
                 WHERE p.name IS NOT NULL AND p.site_id = ?
                 AND r.id = (SELECT max(id) FROM revisions WHERE project_id = p.id)
                """
            var arguments: StatementArguments = [StorageCoding.siteId]
            if let afterId {
                sql += ascending ? " AND wd.id > ?" : " AND wd.id < ?"
                arguments += [afterId]
            }
            if let namePattern, !namePattern.isEmpty {
                let like = StorageCoding.likeContaining(namePattern)
                if searchProjectName {
                    sql += " AND (wd.name LIKE ? ESCAPE '\\' OR p.name LIKE ? ESCAPE '\\')"
                    arguments += [like, like]
                } else {
                    sql += " AND wd.name LIKE ? ESCAPE '\\'"
                    arguments += [like]
                }
            }
            sql += ascending ? " ORDER BY wd.id ASC LIMIT ?" : " ORDER BY wd.id DESC LIMIT ?"
            arguments += [limit]
            return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map { row throws(StoreError) in
                try SQLiteRows.workflow(row)
            }
        }
    }
}
