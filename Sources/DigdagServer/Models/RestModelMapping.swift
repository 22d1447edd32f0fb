import DigdagAPI
import DigdagCore
import DigdagStorage
import Foundation

/// Storage records as REST models.
enum RestModelMapping {
    static func project(_ p: StoredProject) -> RestProject {
        RestProject(
            id: Int64(p.id), name: p.name, revision: p.latestRevision?.name ?? "", createdAt: p.createdAt,
            updatedAt: p.latestRevision?.createdAt ?? p.createdAt, deletedAt: p.deletedAt,
            archiveType: p.latestRevision?.archiveType ?? "none", archiveMD5: p.latestRevision?.archiveMD5)
    }

    static func revision(_ r: StoredRevision) -> RestRevision {
        RestRevision(
            revision: r.name, createdAt: r.createdAt, archiveType: r.archiveType, archiveMD5: r.archiveMD5,
            userInfo: r.userInfo)
    }

    static func workflow(_ w: StoredWorkflow) -> RestWorkflowDefinition {
        RestWorkflowDefinition(
            id: w.id, name: w.name, project: IdAndName(id: Int64(w.projectId), name: w.projectName),
            revision: w.revisionName, timezone: w.timeZone, config: w.config)
    }

    static func attempt(_ a: StoredAttempt) -> RestSessionAttempt {
        RestSessionAttempt(
            id: a.id, index: a.index, project: IdAndName(id: Int64(a.projectId), name: a.projectName),
            workflow: NameOptionalId(name: a.workflowName, id: a.workflowDefinitionId), sessionId: a.sessionId,
            sessionUUID: UUIDText.lowercase(a.sessionUUID), sessionTime: a.sessionTime, timezone: a.timeZone,
            retryAttemptName: a.retryAttemptName, done: a.isDone, success: a.isSuccess,
            cancelRequested: a.cancelRequested, params: a.params, createdAt: a.createdAt, finishedAt: a.finishedAt)
    }

    static func session(_ s: StoredSession) -> RestSession {
        RestSession(
            id: s.id, project: IdAndName(id: Int64(s.projectId), name: s.projectName),
            workflow: NameOptionalId(name: s.workflowName, id: s.lastAttempt?.workflowDefinitionId),
            sessionUUID: UUIDText.lowercase(s.sessionUUID), sessionTime: s.sessionTime,
            timezone: s.lastAttempt?.timeZone ?? "UTC", lastAttempt: s.lastAttempt.map(attempt))
    }

    /// Tasks with database ids in place of attempt-local ids.
    static func tasks(_ stored: [StoredTask]) -> [RestTask] {
        var rowIds: [Int64: Int64] = [:]
        for s in stored { rowIds[s.task.id] = s.rowId }
        return stored.map { s in
            let t = s.task
            var config = t.localConfig
            if !t.exportConfig.isEmpty { config["_export"] = .object(t.exportConfig) }
            return RestTask(
                id: s.rowId, fullName: t.fullName, parentId: t.parentId.flatMap { rowIds[$0] }, config: config,
                upstreams: t.upstreamIds.compactMap { rowIds[$0] }, isGroup: t.isGroup, state: t.state.rawValue,
                cancelRequested: t.flags.contains(.cancelRequested),
                exportParams: t.exportConfig.deepMerging(t.exportParams),
                storeParams: t.storeParams, stateParams: t.stateParams, updatedAt: t.updatedAt ?? Date(timeIntervalSince1970: 0),
                retryAt: t.retryAt, startedAt: t.startedAt, error: t.error ?? [:])
        }
    }

    static func logFile(_ f: StoredLogFile) -> RestLogFileHandle {
        RestLogFileHandle(fileName: f.fileName, fileSize: f.size, taskName: f.taskName, fileTime: f.fileTime, agentId: f.agentId)
    }
}
