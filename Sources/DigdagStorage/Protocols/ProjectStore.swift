import DigdagCore
import Foundation

/// Projects, revisions, archives and workflow definitions.
public protocol ProjectStore: Sendable {
    /// Stores a new revision (creating the project when needed) with its archive and workflow
    /// definitions in one transaction. Throws `StoreError.conflict` when the revision name exists.
    func putRevision(_ revision: NewRevision) async throws(StoreError) -> StoredProject

    /// Non-deleted projects with `id > afterId`, id order; `namePattern` is a substring match.
    func projects(afterId: Int?, limit: Int, namePattern: String?) async throws(StoreError) -> [StoredProject]

    /// A project by id, deleted or not.
    func project(id: Int) async throws(StoreError) -> StoredProject?

    /// A non-deleted project by exact name.
    func project(named name: String) async throws(StoreError) -> StoredProject?

    /// Soft-deletes a project (its name becomes free); returns it as it was before, nil if missing.
    func deleteProject(id: Int, now: Date) async throws(StoreError) -> StoredProject?

    /// Revisions of a project, newest first.
    func revisions(projectId: Int, limit: Int) async throws(StoreError) -> [StoredRevision]

    /// A revision by project and name.
    func revision(projectId: Int, name: String) async throws(StoreError) -> StoredRevision?

    /// The archive bytes of a revision, nil when not stored.
    func archive(revisionId: Int) async throws(StoreError) -> Data?

    /// Workflow definitions of a revision, id order.
    func workflows(revisionId: Int) async throws(StoreError) -> [StoredWorkflow]

    /// A workflow definition by id (any revision).
    func workflow(id: Int64) async throws(StoreError) -> StoredWorkflow?

    /// Workflows of the latest revision of every non-deleted project, by id; ascending means
    /// `id > afterId`, descending `id < afterId`. `namePattern` matches the workflow name, or
    /// also the project name when `searchProjectName`.
    func latestWorkflows(
        afterId: Int64?, limit: Int, ascending: Bool, namePattern: String?, searchProjectName: Bool
    ) async throws(StoreError) -> [StoredWorkflow]
}

