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
    /// The server's `require>` waits, to refuse cycles.
    let waits: RequireWaitGraph

    func require(_ request: RequireRequest) async throws -> RequireState {
        let (state, target) = try await requireSession(request)
        guard let requester = request.requester else { return state }
        let from = RequireWaitGraph.Key(
            projectId: currentProjectId, workflow: requester.workflowName,
            sessionTime: Int64(requester.sessionTime.timeIntervalSince1970.rounded(.down)))
        guard case .running = state, let target else {
            await waits.finished(from)
            return state
        }
        let storage = self.storage
        if let cycle = await waits.wait(from, for: target, isWaiting: { key in await Self.isRunning(key, storage) }) {
            await waits.finished(from)
            throw OperatorError.config("require> cycle: \(cycle.map(\.workflow).joined(separator: " -> "))")
        }
        return state
    }

    /// True when the session's latest attempt is not done.
    private static func isRunning(_ key: RequireWaitGraph.Key, _ storage: any DigdagStorage) async -> Bool {
        let attempts = try? await storage.attempts(
            ListQuery(projectId: key.projectId, workflowName: key.workflow, limit: 100_000), includeRetried: false)
        return attempts?.first { $0.sessionTime == key.sessionTime }.map { !$0.isDone } ?? false
    }

    /// The required session's state and key (nil when it does not exist).
    private func requireSession(_ request: RequireRequest) async throws -> (RequireState, RequireWaitGraph.Key?) {
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
        else { return (.notFound, nil) }
        let sessionTime = Int64(request.sessionTime.timeIntervalSince1970.rounded(.down))
        let key = RequireWaitGraph.Key(projectId: project.id, workflow: workflow.name, sessionTime: sessionTime)
        let existing = try await storage.attempts(
            ListQuery(projectId: project.id, workflowName: workflow.name, limit: 100_000), includeRetried: false
        ).first { $0.sessionTime == sessionTime }
        if let existing {
            if !existing.isDone { return (.running(sessionId: existing.sessionId, attemptId: existing.id), key) }
            let rerun =
                switch request.rerunOn {
                case .none: false
                case .failed: !existing.isSuccess
                case .all: true
                }
            if !rerun {
                return (.finished(sessionId: existing.sessionId, attemptId: existing.id, success: existing.isSuccess), key)
            }
        }
        let name = existing == nil ? request.retryAttemptName : (request.retryAttemptName ?? UUID().uuidString.lowercased())
        switch try await launcher.launch(
            workflow, sessionTime: sessionTime, retryAttemptName: name, params: request.params, now: Date())
        {
        case .created(let attempt), .conflict(let attempt):
            let state: RequireState =
                attempt.isDone
                ? .finished(sessionId: attempt.sessionId, attemptId: attempt.id, success: attempt.isSuccess)
                : .running(sessionId: attempt.sessionId, attemptId: attempt.id)
            return (state, key)
        }
    }
}
