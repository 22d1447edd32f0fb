import DigdagCore
import DigdagOperatorKit
import DigdagStorage
import Foundation

/// `require>` on a server: finds or starts the required session through the database and
/// reports `.running` until it is done (the operator polls without holding a task thread).
struct StorageWorkflowSessions: WorkflowSessions {
    let storage: any DigdagStorage
    let launcher: AttemptLauncher
    let currentProjectId: Int

    func require(_ request: RequireRequest) async throws -> RequireState {
        let project: StoredProject?
        if let id = request.projectId {
            project = try await storage.project(id: Int(id))
        } else if let name = request.projectName {
            project = try await storage.project(named: name)
        } else {
            project = try await storage.project(id: currentProjectId)
        }
        guard let project, project.deletedAt == nil, let revision = project.latestRevision,
            let workflow = try await storage.workflows(revisionId: revision.id).first(where: { $0.name == request.workflowName })
        else { return .notFound }
        let sessionTime = Int64(request.sessionTime.timeIntervalSince1970.rounded(.down))
        let existing = try await storage.attempts(
            ListQuery(projectId: project.id, workflowName: workflow.name, limit: 100_000), includeRetried: false
        ).first { $0.sessionTime == sessionTime }
        if let existing {
            if !existing.isDone { return .running(sessionId: existing.sessionId, attemptId: existing.id) }
            let rerun =
                switch request.rerunOn {
                case .none: false
                case .failed: !existing.isSuccess
                case .all: true
                }
            if !rerun {
                return .finished(sessionId: existing.sessionId, attemptId: existing.id, success: existing.isSuccess)
            }
        }
        let name = existing == nil ? request.retryAttemptName : (request.retryAttemptName ?? UUID().uuidString.lowercased())
        switch try await launcher.launch(
            workflow, sessionTime: sessionTime, retryAttemptName: name, params: request.params, now: Date())
        {
        case .created(let attempt), .conflict(let attempt):
            return attempt.isDone
                ? .finished(sessionId: attempt.sessionId, attemptId: attempt.id, success: attempt.isSuccess)
                : .running(sessionId: attempt.sessionId, attemptId: attempt.id)
        }
    }
}
