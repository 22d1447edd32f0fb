import DigdagAPI
import DigdagCore
import DigdagStorage
import Foundation
import Hummingbird

/// `/api/workflows` and `/api/workflow`: workflow definitions and session-time truncation.
struct WorkflowController {
    let context: ServerContext

    func register(on router: APIRoutes) {
        router.get("/api/workflows") { request, _ in try await list(request) }
        router.get("/api/workflows/:id") { _, ctx in JSONResponse.make(RestModelMapping.workflow(try await find(ctx.parameters.id()))) }
        router.get("/api/workflows/:id/truncated_session_time") { request, ctx in
            try await truncated(request, try await find(ctx.parameters.id()))
        }
        router.get("/api/workflow") { request, _ in try await byNames(request) }
    }

    private func find(_ id: Int64) async throws(APIError) -> StoredWorkflow {
        let storage = context.storage
        guard let workflow = try await stored({ () async throws(StoreError) in try await storage.workflow(id: id) }) else {
            throw APIError.notFound("Resource does not exist: workflow id=\(id)")
        }
        return workflow
    }

    private func list(_ request: Request) async throws -> Response {
        let order = request.query("order") ?? "asc"
        guard order == "asc" || order == "desc" else {
            throw APIError.badRequest("parameter 'order' must be either 'asc' or 'desc'")
        }
        let afterId = try request.queryInt("last_id")
        let count = try request.queryInt("count").map(Int.init) ?? 100
        let pattern = request.query("name_pattern")
        let searchProject = request.queryBool("search_project_name") ?? false
        let storage = context.storage
        let list = try await stored { () async throws(StoreError) in
            try await storage.latestWorkflows(
                afterId: afterId, limit: max(0, count), ascending: order == "asc", namePattern: pattern,
                searchProjectName: searchProject)
        }
        return JSONResponse.make(ModelCollection("workflows", list.map(RestModelMapping.workflow)))
    }

    private func byNames(_ request: Request) async throws -> Response {
        guard let projectName = request.query("project"), let name = request.query("name") else {
            throw APIError.badRequest("project= and name= are required")
        }
        let storage = context.storage
        guard let project = try await stored({ () async throws(StoreError) in try await storage.project(named: projectName) })
        else { throw APIError.notFound("Resource does not exist: project name=\(projectName)") }
        let revision = try await ProjectLookup(context: context).revision(of: project, named: request.query("revision"))
        let list = try await stored { () async throws(StoreError) in try await storage.workflows(revisionId: revision.id) }
        guard let found = list.first(where: { $0.name == name }) else {
            throw APIError.notFound("Resource does not exist: workflow name=\(name)")
        }
        return JSONResponse.make(RestModelMapping.workflow(found))
    }

    /// `session_time` (instant or workflow-local time) truncated by `mode` in the workflow zone.
    private func truncated(_ request: Request, _ workflow: StoredWorkflow) async throws -> Response {
        guard let text = request.query("session_time") else { throw APIError.badRequest("session_time= is required") }
        let zone = ZoneNames.zone(workflow.timeZone) ?? .gmt
        guard let time = APITime.parseLocalTimeOrInstant(text, zone: zone) else {
            throw APIError.badRequest("Invalid session_time= parameter: \(text)")
        }
        var seconds = Int64(time.timeIntervalSince1970.rounded(.down))
        switch request.query("mode") {
        case nil: break
        case "hour", "day":
            let fields = ZonedTime(Date(timeIntervalSince1970: Double(seconds)), zone).fields
            let day = request.query("mode") == "day"
            seconds = Int64(
                ZonedTime.at(
                    year: fields.year!, month: fields.month!, day: fields.day!, hour: day ? 0 : fields.hour!, zone: zone
                )?.timeIntervalSince1970 ?? Double(seconds))
        case let mode? where mode == "schedule" || mode == "next_schedule":
            guard let value = workflow.config["schedule"] else {
                throw APIError.badRequest("Workflow '\(workflow.name)' doesn't have a schedule")
            }
            let definition: ScheduleDefinition
            do { definition = try ScheduleDefinition(value: value, timeZone: zone) } catch {
                throw APIError.badRequest(error.message)
            }
            let truncated = definition.truncatedSessionTime(
                mode: mode == "schedule" ? .schedule : .nextSchedule, time: Date(timeIntervalSince1970: Double(seconds)))
            seconds = Int64(truncated.timeIntervalSince1970.rounded(.down))
        case let other?:
            throw APIError.badRequest("Unknown mode: \(other)")
        }
        return JSONResponse.make(
            RestWorkflowSessionTime(
                project: IdAndName(id: Int64(workflow.projectId), name: workflow.projectName),
                revision: workflow.revisionName, sessionTime: seconds, timezone: workflow.timeZone))
    }
}
