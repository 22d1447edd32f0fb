import DigdagCore
import DigdagStorage
import Foundation
import PostgresNIO

extension PostgresStorage {
    /// Stores a revision, its archive and workflows, creating the project if needed, and updates the
    /// project's schedules (`NewRevision.schedules`), in one transaction.
    public func putRevision(_ revision: NewRevision) async throws(StoreError) -> StoredProject {
        let site = StorageCoding.siteId
        let project = try await transaction { connection in
            // Creates the project or locks the existing row, so concurrent pushes of one name serialize.
            let projectId: Int =
                try await self.row(
                    connection,
                    """
                    INSERT INTO projects (site_id, name, created_at)
                    VALUES (\(site), \(revision.projectName), \(revision.createdAt.instant))
                    ON CONFLICT (site_id, name) DO UPDATE SET name = EXCLUDED.name
                    RETURNING id
                    """)!.get(0)
            let exists = try await self.row(
                connection,
                "SELECT 1 FROM revisions WHERE project_id = \(projectId) AND name = \(revision.revisionName)")
            if exists != nil {
                throw StorageCoding.revisionConflict(name: revision.revisionName, projectId: projectId)
            }
            let revisionId: Int64 = try await self.row(
                connection,
                try """
                INSERT INTO revisions (project_id, name, default_params, archive_type, archive_md5, created_at, user_info)
                VALUES (\(projectId), \(revision.revisionName), \(StorageCoding.text(revision.defaultParams)), 'db',
                  \(revision.archiveMD5), \(revision.createdAt.instant), \(StorageCoding.text(revision.userInfo)))
                RETURNING id
                """)!.get(0)
            try await connection.query(
                try "INSERT INTO revision_archives (id, archive_data) VALUES (\(revisionId), \(revision.archive))",
                logger: self.logger)
            var definitions: [(name: String, id: Int64)] = []
            for workflow in revision.workflows {
                let configId = try await self.workflowConfigId(connection, projectId: projectId, workflow: workflow)
                let definitionId: Int64 = try await self.row(
                    connection,
                    """
                    INSERT INTO workflow_definitions (config_id, revision_id, name)
                    VALUES (\(configId), \(revisionId), \(workflow.name))
                    RETURNING id
                    """)!.get(0)
                definitions.append((workflow.name, definitionId))
            }
            try await self.updateSchedules(
                connection, projectId: projectId, definitions: definitions, schedules: revision.schedules,
                now: revision.createdAt)
            guard let row = try await self.row(connection, "\(unescaped: StorageSQL.projectSelect) WHERE p.id = \(projectId)")
            else { throw StoreError(.database, "Project id=\(projectId) vanished") }
            return try PostgresRows.project(row)
        }
        return project
    }

    /// The `workflow_configs` row of `workflow`, shared by digest within the project.
    private func workflowConfigId(_ connection: PostgresConnection, projectId: Int, workflow: NewWorkflow) async throws
        -> Int64
    {
        let text = StorageCoding.text(workflow.config)
        let digest = StorageCoding.configDigest(timeZone: workflow.timeZone, configText: text)
        if let row = try await row(
            connection,
            """
            SELECT id FROM workflow_configs
            WHERE project_id = \(projectId) AND config_digest = \(digest) AND timezone = \(workflow.timeZone)
              AND config = \(text)
            """)
        {
            return try row.get(0)
        }
        return try await row(
            connection,
            """
            INSERT INTO workflow_configs (project_id, config_digest, timezone, config)
            VALUES (\(projectId), \(digest), \(workflow.timeZone), \(text)) RETURNING id
            """)!.get(0)
    }

    /// Non-deleted projects after `afterId`, by id; `namePattern` is a literal substring.
    public func projects(afterId: Int?, limit: Int, namePattern: String?) async throws(StoreError) -> [StoredProject] {
        try await connection { connection in
            var statement = PostgresStatement(StorageSQL.projectSelect + " WHERE p.name IS NOT NULL AND p.site_id = ")
            try statement.bind(StorageCoding.siteId)
            if let afterId {
                statement.append(" AND p.id > ")
                try statement.bind(afterId)
            }
            if let namePattern, !namePattern.isEmpty {
                statement.append(" AND p.name LIKE ")
                try statement.bind(StorageCoding.likeContaining(namePattern))
                statement.append(" ESCAPE '\\'")
            }
            statement.append(" ORDER BY p.id LIMIT ")
            try statement.bind(limit)
            return try await self.rows(connection, statement.query).map(PostgresRows.project)
        }
    }

    /// A project by id, deleted or not.
    public func project(id: Int) async throws(StoreError) -> StoredProject? {
        try await rows("\(unescaped: StorageSQL.projectSelect) WHERE p.id = \(id)").first.map(PostgresRows.project)
    }

    /// A non-deleted project by name.
    public func project(named name: String) async throws(StoreError) -> StoredProject? {
        try await rows("\(unescaped: StorageSQL.projectSelect) WHERE p.site_id = \(StorageCoding.siteId) AND p.name = \(name)")
            .first.map(PostgresRows.project)
    }

    /// Soft-deletes a project and drops its schedules; returns it as it was (nil if missing).
    public func deleteProject(id: Int, now: Date) async throws(StoreError) -> StoredProject? {
        try await transaction { connection in
            guard let row = try await self.row(
                connection, "\(unescaped: StorageSQL.projectSelect) WHERE p.id = \(id) FOR UPDATE OF p")
            else { return nil }
            let project = try PostgresRows.project(row)
            guard project.deletedAt == nil else { return project }
            try await connection.query(
                "UPDATE projects SET deleted_name = name, name = NULL, deleted_at = \(now.instant) WHERE id = \(id)",
                logger: self.logger)
            try await connection.query("DELETE FROM schedules WHERE project_id = \(id)", logger: self.logger)
            return project
        }
    }

    /// Revisions of a project, newest first.
    public func revisions(projectId: Int, limit: Int) async throws(StoreError) -> [StoredRevision] {
        try await rows(
            """
            SELECT \(unescaped: StorageSQL.revisionColumns) FROM revisions r
            WHERE r.project_id = \(projectId) ORDER BY r.id DESC LIMIT \(limit)
            """
        ).map { row throws(StoreError) in try PostgresRows.revision(row, at: 0) }.compactMap { $0 }
    }

    /// A revision by project and name.
    public func revision(projectId: Int, name: String) async throws(StoreError) -> StoredRevision? {
        try await rows(
            """
            SELECT \(unescaped: StorageSQL.revisionColumns) FROM revisions r
            WHERE r.project_id = \(projectId) AND r.name = \(name)
            """
        ).first.flatMap { row throws(StoreError) in try PostgresRows.revision(row, at: 0) }
    }

    /// The archive bytes of a revision.
    public func archive(revisionId: Int) async throws(StoreError) -> Data? {
        try await rows("SELECT archive_data FROM revision_archives WHERE id = \(revisionId)").first?.get(0)
    }

    /// Workflows of a revision, by id.
    public func workflows(revisionId: Int) async throws(StoreError) -> [StoredWorkflow] {
        try await rows("\(unescaped: StorageSQL.workflowSelect) WHERE wd.revision_id = \(revisionId) ORDER BY wd.id")
            .map(PostgresRows.workflow)
    }

    /// A workflow definition by id.
    public func workflow(id: Int64) async throws(StoreError) -> StoredWorkflow? {
        try await rows("\(unescaped: StorageSQL.workflowSelect) WHERE wd.id = \(id)").first.map(PostgresRows.workflow)
    }

    /// Workflows of the latest revision of every non-deleted project, by id.
    public func latestWorkflows(
        afterId: Int64?, limit: Int, ascending: Bool, namePattern: String?, searchProjectName: Bool
    ) async throws(StoreError) -> [StoredWorkflow] {
        try await connection { connection in
            var statement = PostgresStatement(StorageSQL.workflowSelect + " WHERE p.name IS NOT NULL AND p.site_id = ")
            try statement.bind(StorageCoding.siteId)
            statement.append(" AND r.id = (SELECT max(id) FROM revisions WHERE project_id = p.id)")
            if let afterId {
                statement.append(ascending ? " AND wd.id > " : " AND wd.id < ")
                try statement.bind(afterId)
            }
            if let namePattern, !namePattern.isEmpty {
                let like = StorageCoding.likeContaining(namePattern)
                statement.append(" AND (wd.name LIKE ")
                try statement.bind(like)
                statement.append(" ESCAPE '\\'")
                if searchProjectName {
                    statement.append(" OR p.name LIKE ")
                    try statement.bind(like)
                    statement.append(" ESCAPE '\\'")
                }
                statement.append(")")
            }
            statement.append(ascending ? " ORDER BY wd.id ASC LIMIT " : " ORDER BY wd.id DESC LIMIT ")
            try statement.bind(limit)
            return try await self.rows(connection, statement.query).map(PostgresRows.workflow)
        }
    }
}
