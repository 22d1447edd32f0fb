import DigdagAPI
import DigdagCore
import DigdagStorage
import Foundation
import Hummingbird

/// `/api/schedules`: list, show, pause/resume and skip (reschedule).
struct ScheduleController {
    let context: ServerContext

    func register(on router: APIRoutes) {
        router.get("/api/schedules") { request, _ in
            try await list(request, projectId: nil, workflowName: nil)
        }
        router.get("/api/projects/:id/schedules") { request, ctx in
            let project = try await ProjectLookup(context: context).existing(ctx.parameters.id())
            return try await list(request, projectId: project.id, workflowName: request.query("workflow"))
        }
        router.get("/api/schedules/:id") { _, ctx in
            JSONResponse.make(Self.model(try await find(ctx.parameters.id()), now: context.now()))
        }
        router.post("/api/schedules/:id/disable") { _, ctx in try await setDisabled(ctx.parameters.id(), true) }
        router.post("/api/schedules/:id/enable") { request, ctx in try await enable(request, ctx.parameters.id()) }
        router.post("/api/schedules/:id/skip") { request, ctx in try await skip(request, ctx.parameters.id()) }
        router.post("/api/schedules/:id/backfill") { request, ctx in
            try await ScheduleBackfill(context: context).backfill(request, try await find(ctx.parameters.id()))
        }
    }

    static func model(_ s: StoredSchedule, now: Date) -> RestSchedule {
        var model = RestSchedule(
            id: Int64(s.id), project: IdAndName(id: Int64(s.projectId), name: s.projectName),
            workflow: IdAndName(id: s.workflowDefinitionId, name: s.workflowName),
            nextRunTime: Date(timeIntervalSince1970: Double(s.nextRunTime)), nextScheduleTime: s.nextScheduleTime,
            timezone: s.timeZone, disabledAt: s.disabledAt)
        model.pendingSlots = pendingSlots(s, now: now)
        return model
    }

    /// Slots from the stored next one whose run time has passed (at most 100,000 counted).
    static func pendingSlots(_ s: StoredSchedule, now: Date) -> Int {
        guard Double(s.nextRunTime) <= now.timeIntervalSince1970,
            let value = s.workflowConfig["schedule"],
            let definition = try? ScheduleDefinition(value: value, timeZone: ZoneNames.zone(s.timeZone) ?? .gmt)
        else { return 0 }
        var slot = ScheduleSlot(
            sessionTime: Date(timeIntervalSince1970: Double(s.nextScheduleTime)),
            runTime: Date(timeIntervalSince1970: Double(s.nextRunTime)))
        var count = 0
        while slot.runTime <= now, !slot.isParked, count < 100_000 {
            count += 1
            slot = definition.nextSlot(after: slot)
        }
        return count
    }

    func summary(_ s: StoredSchedule) -> RestScheduleSummary {
        // Digdag fills updatedAt with created_at; we send the real update time.
        RestScheduleSummary(schedule: Self.model(s, now: context.now()), createdAt: s.createdAt, updatedAt: s.updatedAt)
    }

    func find(_ id: Int64) async throws(APIError) -> StoredSchedule {
        let storage = context.storage
        guard id <= Int64(Int32.max), id > 0,
            let schedule = try await stored({ () async throws(StoreError) in try await storage.schedule(id: Int(id)) })
        else { throw APIError.notFound("Resource does not exist: schedule id=\(id)") }
        return schedule
    }

    private func list(_ request: Request, projectId: Int?, workflowName: String?) async throws -> Response {
        let afterId = try request.queryInt("last_id").map(Int.init)
        let storage = context.storage
        let list = try await stored { () async throws(StoreError) in
            try await storage.schedules(afterId: afterId, limit: 100, projectId: projectId, workflowName: workflowName)
        }
        let now = context.now()
        return JSONResponse.make(ModelCollection("schedules", list.map { Self.model($0, now: now) }))
    }

    private func setDisabled(_ id: Int64, _ disabled: Bool) async throws -> Response {
        let schedule = try await find(id)
        let storage = context.storage
        let now = context.now()
        let updated = try await stored { () async throws(StoreError) in
            try await storage.setScheduleDisabled(id: schedule.id, at: disabled ? now : nil, now: now)
        }
        await context.scheduler?.wake()
        return JSONResponse.make(summary(updated ?? schedule))
    }

    /// `{"skipSchedule": true, "nextTime": "..."}` skips to that time (or now) before resuming.
    private func enable(_ request: Request, _ id: Int64) async throws -> Response {
        let body = try await request.jsonBody()
        if try body.bool("skipSchedule") {
            let schedule = try await find(id)
            let definition = try Self.definition(schedule)
            let zone = ZoneNames.zone(schedule.timeZone) ?? .gmt
            let target = try body.optionalString("nextTime").map { text throws(APIError) in
                guard let t = APITime.parseLocalTimeOrInstant(text, zone: zone) else {
                    throw APIError.badRequest("Invalid nextTime: \(text)")
                }
                return t
            } ?? context.now()
            _ = try await move(schedule, to: definition.skip(toRunTimeAtOrAfter: target), runTime: nil)
        }
        return try await setDisabled(id, false)
    }

    private func skip(_ request: Request, _ id: Int64) async throws -> Response {
        let body = try await request.jsonBody()
        let schedule = try await find(id)
        let definition = try Self.definition(schedule)
        let zone = ZoneNames.zone(schedule.timeZone) ?? .gmt
        let slot: ScheduleSlot
        if let text = body.optionalString("nextTime") {
            guard let time = APITime.parseLocalTimeOrInstant(text, zone: zone) else {
                throw APIError.badRequest("Invalid nextTime: \(text)")
            }
            slot = definition.skip(toRunTimeAtOrAfter: time)
        } else if let count = body.optionalInt("count"), let from = try body.optionalInstant("fromTime") {
            slot = definition.skip(from: from, count: count)
        } else {
            throw APIError.badRequest("nextTime or (fromTime and count) are required")
        }
        if Int64(slot.sessionTime.timeIntervalSince1970) <= schedule.nextScheduleTime {
            throw APIError.conflict("Specified time to skip schedules is already past")
        }
        let runTime = try body.optionalInstant("nextRunTime")
        if try body.bool("dryRun") {
            var preview = schedule
            preview.nextScheduleTime = Int64(slot.sessionTime.timeIntervalSince1970)
            preview.nextRunTime = Int64((runTime ?? slot.runTime).timeIntervalSince1970)
            return JSONResponse.make(summary(preview))
        }
        let moved = try await move(schedule, to: slot, runTime: runTime)
        return JSONResponse.make(summary(moved))
    }

    private func move(_ schedule: StoredSchedule, to slot: ScheduleSlot, runTime: Date?) async throws(APIError)
        -> StoredSchedule
    {
        let times = ScheduleTimes(
            nextRunTime: Int64((runTime ?? slot.runTime).timeIntervalSince1970.rounded(.down)),
            nextScheduleTime: Int64(slot.sessionTime.timeIntervalSince1970.rounded(.down)),
            lastSessionTime: schedule.lastSessionTime)
        let storage = context.storage
        let now = context.now()
        let moved = try await stored { () async throws(StoreError) in
            try await storage.advanceSchedule(
                id: schedule.id, expectedScheduleTime: schedule.nextScheduleTime, to: times, now: now)
        }
        guard moved else { throw APIError.conflict("Schedule id=\(schedule.id) was updated concurrently") }
        await context.scheduler?.wake()
        return try await find(Int64(schedule.id))
    }

    static func definition(_ schedule: StoredSchedule) throws(APIError) -> ScheduleDefinition {
        guard let value = schedule.workflowConfig["schedule"] else { throw APIError.badRequest("Workflow has no schedule") }
        do {
            return try ScheduleDefinition(value: value, timeZone: ZoneNames.zone(schedule.timeZone) ?? .gmt)
        } catch {
            throw APIError.badRequest(error.message)
        }
    }
}
