import Crypto
import DigdagAPI
import DigdagCore
import DigdagStorage
import Foundation
import Hummingbird

/// `PUT /api/projects`: a new revision from a tar.gz body, validated before anything is stored.
struct ProjectUpload {
    let context: ServerContext

    func put(_ request: Request) async throws -> Response {
        let name = request.query("project") ?? ""
        let revisionName = request.query("revision") ?? ""
        if name.isEmpty { throw APIError.badRequest("project= is required") }
        if revisionName.isEmpty { throw APIError.badRequest("revision= is required") }
        let problems =
            TaskNameRules.workflowNameFailures(name).map { "project name \($0)" }
            + (revisionName.utf16.count > 255 ? ["revision must not be longer than 255 characters"] : [])
        if !problems.isEmpty {
            throw APIError.badRequest((["Validating project failed"] + problems).joined(separator: "\n"))
        }
        if let from = request.query("schedule_from"), APITime.parseInstant(from) == nil || !from.hasSuffix("Z") {
            throw APIError.badRequest(
                "Invalid schedule_from= parameter format. Expected yyyy-MM-dd'T'HH:mm:ss'Z' format")
        }
        let limit = context.settings.maxArchiveSize
        guard let lengthText = request.headers[.contentLength], let length = Int(lengthText) else {
            throw APIError.badRequest("Content-Length header is required")
        }
        if length > limit {
            throw APIError.badRequest("Size of the uploaded archive file exceeds limit (\(limit) bytes)")
        }
        let buffer = try await request.body.collect(upTo: limit + 1)
        guard buffer.readableBytes == length else {
            throw APIError.badRequest("Content-Length header doesn't match with uploaded data size")
        }
        let project = try await store(
            Data(buffer: buffer), projectName: name, revisionName: revisionName,
            scheduleFrom: request.query("schedule_from").flatMap(APITime.parseInstant),
            clearAll: request.queryBool("clear_schedule_all") ?? false, cleared: Set(request.queryAll("clear_schedule")))
        return JSONResponse.make(RestModelMapping.project(project))
    }

    /// Validates and stores an archive as a new revision (also used by `digdag scheduler`).
    func store(
        _ data: Data, projectName name: String, revisionName: String, scheduleFrom: Date?, clearAll: Bool = false,
        cleared: Set<String> = []
    ) async throws(APIError) -> StoredProject {
        let loaded = try context.archives.load(data, maxSize: context.settings.maxArchiveSize)
        let md5 = Data(Insecure.MD5.hash(data: data))
        let schedules = try await scheduleTimes(
            projectName: name, workflows: loaded.workflows, from: scheduleFrom ?? context.now(), clearAll: clearAll,
            cleared: cleared)
        let revision = NewRevision(
            projectName: name, revisionName: revisionName, archive: data, archiveMD5: md5,
            defaultParams: loaded.defaultParams, workflows: loaded.workflows, createdAt: context.now(),
            schedules: schedules)
        let storage = context.storage
        let project = try await stored { () async throws(StoreError) in try await storage.putRevision(revision) }
        context.logger.info("Project '\(name)' revision '\(revisionName)' uploaded (\(loaded.workflows.count) workflows)")
        await context.scheduler?.wake()
        return project
    }

    /// The next slot of every scheduled workflow (Digdag's rules): a schedule that already ran
    /// continues after its last session time (with the new definition) unless cleared; others
    /// start at the first slot whose run time is at or after `schedule_from` (default now).
    private func scheduleTimes(
        projectName: String, workflows: [NewWorkflow], from: Date, clearAll: Bool, cleared: Set<String>
    ) async throws(APIError) -> [String: ScheduleTimes] {
        let names = Set(workflows.map(\.name))
        for name in cleared where !names.contains(name) { throw APIError.badRequest("\(name) does not exist") }
        let storage = context.storage
        var existing: [String: StoredSchedule] = [:]
        if let project = try await stored({ () async throws(StoreError) in try await storage.project(named: projectName) }) {
            let rows = try await stored { () async throws(StoreError) in
                try await storage.schedules(afterId: nil, limit: 100_000, projectId: project.id, workflowName: nil)
            }
            for row in rows { existing[row.workflowName] = row }
        }
        var result: [String: ScheduleTimes] = [:]
        for workflow in workflows {
            guard let value = workflow.config["schedule"] else { continue }
            let definition: ScheduleDefinition
            do {
                definition = try ScheduleDefinition(value: value, timeZone: ZoneNames.zone(workflow.timeZone) ?? .gmt)
            } catch {
                throw APIError.badRequest(error.message)
            }
            let slot: ScheduleSlot
            var last: Int64?
            if let old = existing[workflow.name], let lastTime = old.lastSessionTime, !clearAll, !cleared.contains(workflow.name) {
                slot = definition.slot(afterSessionTime: Date(timeIntervalSince1970: Double(lastTime)))
                last = lastTime
            } else {
                slot = definition.firstSlot(atOrAfterRunTime: from)
            }
            result[workflow.name] = ScheduleTimes(
                nextRunTime: Int64(slot.runTime.timeIntervalSince1970.rounded(.down)),
                nextScheduleTime: Int64(slot.sessionTime.timeIntervalSince1970.rounded(.down)), lastSessionTime: last)
        }
        return result
    }
}
