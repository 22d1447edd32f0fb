import DigdagAPI
import DigdagCore
import DigdagStorage
import Foundation
import Hummingbird

/// `/api/sessions`: sessions with their last attempt, and a session's attempts.
struct SessionController {
    let context: ServerContext

    func register(on router: APIRoutes) {
        router.get("/api/sessions") { request, _ in try await list(request, projectId: nil, workflowName: nil) }
        router.get("/api/sessions/:id") { _, ctx in try await get(ctx.parameters.id()) }
        router.get("/api/sessions/:id/attempts") { request, ctx in try await attempts(request, ctx.parameters.id()) }
    }

    /// `page_size` within `1...max` (400 above it, as Digdag's QueryParamValidator).
    static func pageSize(_ request: Request, max: Int) throws(APIError) -> Int {
        guard let size = try request.queryInt("page_size") else { return max }
        if size > Int64(max) {
            throw APIError.badRequest("Your specified page_size is \(size), but it must be less than or equal to \(max)")
        }
        return Swift.max(1, Int(size))
    }

    func list(_ request: Request, projectId: Int?, workflowName: String?) async throws -> Response {
        var query = ListQuery(projectId: projectId, workflowName: workflowName)
        query.limit = try Self.pageSize(request, max: context.settings.maxSessionsPageSize)
        query.beforeId = try request.queryInt("last_id")
        let storage = context.storage
        let sessions = try await stored { () async throws(StoreError) in try await storage.sessions(query) }
        return JSONResponse.make(ModelCollection("sessions", sessions.map(RestModelMapping.session)))
    }

    private func get(_ id: Int64) async throws -> Response {
        let storage = context.storage
        guard let session = try await stored({ () async throws(StoreError) in try await storage.session(id: id) }) else {
            throw APIError.notFound("Resource does not exist: session id=\(id)")
        }
        return JSONResponse.make(RestModelMapping.session(session))
    }

    private func attempts(_ request: Request, _ id: Int64) async throws -> Response {
        let storage = context.storage
        guard try await stored({ () async throws(StoreError) in try await storage.session(id: id) }) != nil else {
            throw APIError.notFound("Resource does not exist: session id=\(id)")
        }
        let limit = try Self.pageSize(request, max: context.settings.maxAttemptsPageSize)
        let beforeId = try request.queryInt("last_id")
        let attempts = try await stored { () async throws(StoreError) in
            try await storage.attempts(sessionId: id, beforeId: beforeId, limit: limit)
        }
        return JSONResponse.make(ModelCollection("attempts", attempts.map(RestModelMapping.attempt)))
    }
}
