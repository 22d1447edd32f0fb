import DigdagAPI
import DigdagCore
import DigdagRuntime
import DigdagStorage
import Foundation
import Hummingbird

/// `POST /api/schedules/{id}/backfill`: one attempt named `attemptName` for every slot from
/// `fromTime` up to (excluding) the schedule's next session time, run one after another in
/// session order, as Digdag chains them. The schedule itself does not move.
struct ScheduleBackfill {
    let context: ServerContext

    func backfill(_ request: Request, _ schedule: StoredSchedule) async throws -> Response {
        let body = try await request.jsonBody()
        let from: Date
        let name: String
        do {
            from = try body.instant("fromTime")
            name = try body.string("attemptName")
        } catch {
            throw APIError.badRequest(error.message)
        }
        let definition = try ScheduleController.definition(schedule)
        let slots: [ScheduleSlot]
        do {
            slots = try definition.backfillSlots(
                from: from, before: Date(timeIntervalSince1970: Double(schedule.nextScheduleTime)),
                count: body.optionalInt("count"))
        } catch {
            throw APIError.badRequest(error.message)
        }
        let storage = context.storage
        guard let workflow = try await stored({ () async throws(StoreError) in
            try await storage.workflow(id: schedule.workflowDefinitionId)
        }) else { throw APIError.notFound("Resource does not exist: workflow id=\(schedule.workflowDefinitionId)") }
        try await checkNoConflicts(schedule, slots: slots, name: name)

        let project = IdAndName(id: Int64(schedule.projectId), name: schedule.projectName)
        let workflowRef = IdAndName(id: schedule.workflowDefinitionId, name: schedule.workflowName)
        var attempts: [StoredAttempt] = []
        if try body.bool("dryRun") {
            let dummies = slots.map { slot in
                RestSessionAttempt(
                    id: 0, index: 0, project: project, workflow: NameOptionalId(name: schedule.workflowName, id: workflow.id),
                    sessionId: 0, sessionUUID: UUID().uuidString.lowercased(),
                    sessionTime: Int64(slot.sessionTime.timeIntervalSince1970), timezone: schedule.timeZone,
                    retryAttemptName: name, done: false, success: false, cancelRequested: false, params: [:],
                    createdAt: context.now(), finishedAt: nil)
            }
            return JSONResponse.make(collection(schedule, project, workflowRef, dummies))
        }
        for slot in slots {
            let creation: AttemptCreation
            do {
                creation = try await context.launcher.launch(
                    workflow, sessionTime: Int64(slot.sessionTime.timeIntervalSince1970.rounded(.down)),
                    retryAttemptName: name, params: [:], after: attempts.last, now: context.now())
            } catch let error as AttemptLauncher.Failure {
                throw APIError.badRequest(error.message)
            }
            switch creation {
            case .created(let attempt): attempts.append(attempt)
            case .conflict: throw APIError.conflict("Session attempt already exists: \(name)")
            }
        }
        context.logger.info("Backfill of schedule id=\(schedule.id): \(attempts.count) session attempts named '\(name)'")
        return JSONResponse.make(
            collection(schedule, project, workflowRef, attempts.map(RestModelMapping.attempt)))
    }

    private func collection(
        _ schedule: StoredSchedule, _ project: IdAndName, _ workflow: IdAndName, _ attempts: [RestSessionAttempt]
    ) -> ConfigValue {
        var b = JSONObjectBuilder()
        b.id("id", Int64(schedule.id))
        b.model("project", project)
        b.model("workflow", workflow)
        b.models("attempts", attempts)
        return b.json
    }

    /// 409 when any slot's session already has an attempt with this name (nothing is created).
    private func checkNoConflicts(_ schedule: StoredSchedule, slots: [ScheduleSlot], name: String) async throws(APIError) {
        let storage = context.storage
        let existing = try await stored { () async throws(StoreError) in
            try await storage.attempts(
                ListQuery(projectId: schedule.projectId, workflowName: schedule.workflowName, limit: 100_000),
                includeRetried: true)
        }
        let times = Set(slots.map { Int64($0.sessionTime.timeIntervalSince1970.rounded(.down)) })
        if let clash = existing.first(where: { times.contains($0.sessionTime) && ($0.retryAttemptName ?? "") == name }) {
            throw APIError.conflict(
                "Session attempt already exists: session_time=\(APITime.offsetDateTime(epochSeconds: clash.sessionTime, zone: ZoneNames.zone(schedule.timeZone) ?? .gmt)) attempt name=\(name)")
        }
    }
}
