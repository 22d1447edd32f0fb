import DigdagAPI
import DigdagCore
import DigdagStorage
import Foundation
import Hummingbird

/// `/api/attempts`: list, show, tasks, start (`PUT`) and kill.
struct AttemptController {
    let context: ServerContext

    func register(on router: APIRoutes) {
        router.get("/api/attempts") { request, _ in try await list(request) }
        router.put("/api/attempts") { request, _ in try await AttemptStart(context: context).start(request) }
        router.get("/api/attempts/:id") { _, ctx in JSONResponse.make(RestModelMapping.attempt(try await find(ctx.parameters.id()))) }
        router.get("/api/attempts/:id/retries") { _, ctx in try await retries(ctx.parameters.id()) }
        router.get("/api/attempts/:id/tasks") { _, ctx in try await tasks(ctx.parameters.id()) }
        router.post("/api/attempts/:id/kill") { _, ctx in try await kill(ctx.parameters.id()) }
    }

    func find(_ id: Int64) async throws(APIError) -> StoredAttempt {
        let storage = context.storage
        guard let attempt = try await stored({ () async throws(StoreError) in try await storage.attempt(id: id) }) else {
            throw APIError.notFound("Resource does not exist: session attempt id=\(id)")
        }
        return attempt
    }

    private func list(_ request: Request) async throws -> Response {
        var query = ListQuery(limit: try SessionController.pageSize(request, max: context.settings.maxAttemptsPageSize))
        query.beforeId = try request.queryInt("last_id")
        if let projectName = request.query("project") {
            let storage = context.storage
            guard let project = try await stored({ () async throws(StoreError) in try await storage.project(named: projectName) })
            else { throw APIError.notFound("Resource does not exist: project name=\(projectName)") }
            query.projectId = project.id
            query.workflowName = request.query("workflow")
        }
        let includeRetried = request.queryBool("include_retried") ?? false
        let storage = context.storage
        let attempts = try await stored { () async throws(StoreError) in
            try await storage.attempts(query, includeRetried: includeRetried)
        }
        return JSONResponse.make(ModelCollection("attempts", attempts.map(RestModelMapping.attempt)))
    }

    private func retries(_ id: Int64) async throws -> Response {
        let attempt = try await find(id)
        let storage = context.storage
        let all = try await stored { () async throws(StoreError) in
            try await storage.attempts(sessionId: attempt.sessionId, beforeId: nil, limit: 10_000)
        }
        return JSONResponse.make(ModelCollection("attempts", all.sorted { $0.index < $1.index }.map(RestModelMapping.attempt)))
    }

    private func tasks(_ id: Int64) async throws -> Response {
        _ = try await find(id)
        let storage = context.storage
        let tasks = try await stored { () async throws(StoreError) in try await storage.tasks(attemptId: id) }
        return JSONResponse.make(ModelCollection("tasks", RestModelMapping.tasks(tasks)))
    }

    private func kill(_ id: Int64) async throws -> Response {
        let attempt = try await find(id)
        let storage = context.storage
        let requested = try await stored { () async throws(StoreError) in try await storage.requestCancel(attemptId: id) }
        guard requested else { throw APIError.conflict("Session attempt already killed or finished") }
        await context.executor.kill(attemptId: id)
        context.logger.info("Kill requested for session attempt id=\(id)")
        return JSONResponse.make(RestModelMapping.attempt(attempt))
    }
}
