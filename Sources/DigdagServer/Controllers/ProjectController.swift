import DigdagAPI
import DigdagCore
import DigdagStorage
import Foundation
import Hummingbird

/// `/api/projects` and `/api/project`: projects, revisions, workflows of a project, archives.
struct ProjectController {
    let context: ServerContext

    func register(on router: APIRoutes) {
        router.get("/api/projects") { request, _ in try await list(request) }
        router.put("/api/projects") { request, _ in try await ProjectUpload(context: context).put(request) }
        router.get("/api/project") { request, _ in try await byName(request) }
        router.get("/api/projects/:id") { _, ctx in try await get(ctx.parameters.id()) }
        router.delete("/api/projects/:id") { _, ctx in try await delete(ctx.parameters.id()) }
        router.get("/api/projects/:id/revisions") { request, ctx in try await revisions(request, ctx.parameters.id()) }
        router.get("/api/projects/:id/workflows") { request, ctx in try await workflows(request, ctx.parameters.id()) }
        router.get("/api/projects/:id/workflows/:name") { request, ctx in
            try await workflow(request, ctx.parameters.id(), name: ctx.parameters.get("name") ?? "")
        }
        router.get("/api/projects/:id/workflow") { request, ctx in
            guard let name = request.query("name") else { throw APIError.badRequest("name= is required") }
            return try await workflow(request, ctx.parameters.id(), name: name)
        }
        router.get("/api/projects/:id/archive") { request, ctx in try await archive(request, ctx.parameters.id()) }
        router.get("/api/projects/:id/sessions") { request, ctx in
            let project = try await ProjectLookup(context: context).existing(ctx.parameters.id())
            return try await SessionController(context: context).list(
                request, projectId: project.id, workflowName: request.query("workflow"))
        }
    }

    private func list(_ request: Request) async throws -> Response {
        let storage = context.storage
        if let name = request.query("name") {
            let found = try await stored { () async throws(StoreError) in try await storage.project(named: name) }
            return JSONResponse.make(ModelCollection("projects", found.map { [RestModelMapping.project($0)] } ?? []))
        }
        let afterId = try request.queryInt("last_id").map(Int.init)
        let count = try request.queryInt("count").map(Int.init) ?? 100
        let pattern = request.query("name_pattern")
        let projects = try await stored { () async throws(StoreError) in
            try await storage.projects(afterId: afterId, limit: max(0, count), namePattern: pattern)
        }
        return JSONResponse.make(ModelCollection("projects", projects.map(RestModelMapping.project)))
    }

    private func byName(_ request: Request) async throws -> Response {
        guard let name = request.query("name") else { throw APIError.badRequest("name= is required") }
        let storage = context.storage
        guard let project = try await stored({ () async throws(StoreError) in try await storage.project(named: name) })
        else { throw APIError.notFound("Resource does not exist: project name=\(name)") }
        return JSONResponse.make(RestModelMapping.project(project))
    }

    private func get(_ id: Int64) async throws -> Response {
        JSONResponse.make(RestModelMapping.project(try await ProjectLookup(context: context).existing(id)))
    }

    private func delete(_ id: Int64) async throws -> Response {
        let project = try await ProjectLookup(context: context).existing(id)
        let storage = context.storage
        let now = context.now()
        _ = try await stored { () async throws(StoreError) in try await storage.deleteProject(id: project.id, now: now) }
        var deleted = project
        deleted.deletedAt = now
        return JSONResponse.make(RestModelMapping.project(deleted))
    }

    private func revisions(_ request: Request, _ id: Int64) async throws -> Response {
        let project = try await ProjectLookup(context: context).existing(id)
        let storage = context.storage
        let list: [StoredRevision]
        if let name = request.query("name") {
            let one = try await stored { () async throws(StoreError) in
                try await storage.revision(projectId: project.id, name: name)
            }
            list = one.map { [$0] } ?? []
        } else {
            list = try await stored { () async throws(StoreError) in
                try await storage.revisions(projectId: project.id, limit: 100)
            }
        }
        return JSONResponse.make(ModelCollection("revisions", list.map(RestModelMapping.revision)))
    }

    private func workflows(_ request: Request, _ id: Int64) async throws -> Response {
        let lookup = ProjectLookup(context: context)
        let project = try await lookup.existing(id)
        let revision = try await lookup.revision(of: project, named: request.query("revision"))
        let storage = context.storage
        var list = try await stored { () async throws(StoreError) in try await storage.workflows(revisionId: revision.id) }
        if let name = request.query("name") { list = list.filter { $0.name == name } }
        return JSONResponse.make(ModelCollection("workflows", list.map(RestModelMapping.workflow)))
    }

    private func workflow(_ request: Request, _ id: Int64, name: String) async throws -> Response {
        let lookup = ProjectLookup(context: context)
        let project = try await lookup.existing(id)
        let revision = try await lookup.revision(of: project, named: request.query("revision"))
        let storage = context.storage
        let list = try await stored { () async throws(StoreError) in try await storage.workflows(revisionId: revision.id) }
        guard let found = list.first(where: { $0.name == name }) else {
            throw APIError.notFound("Resource does not exist: workflow name=\(name) in revision=\(revision.name)")
        }
        return JSONResponse.make(RestModelMapping.workflow(found))
    }

    private func archive(_ request: Request, _ id: Int64) async throws -> Response {
        let lookup = ProjectLookup(context: context)
        let project = try await lookup.existing(id)
        let revision = try await lookup.revision(of: project, named: request.query("revision"))
        let storage = context.storage
        guard let data = try await stored({ () async throws(StoreError) in try await storage.archive(revisionId: revision.id) })
        else { throw APIError.notFound("Archive is not stored") }
        return Response(
            status: .ok, headers: [.contentType: "application/gzip"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Finds projects and revisions with Digdag's 404 messages.
struct ProjectLookup {
    let context: ServerContext

    /// A non-deleted project.
    func existing(_ id: Int64) async throws(APIError) -> StoredProject {
        let storage = context.storage
        guard id <= Int64(Int32.max), id > 0,
            let project = try await stored({ () async throws(StoreError) in try await storage.project(id: Int(id)) })
        else { throw APIError.notFound("Resource does not exist: project id=\(id)") }
        if let deletedAt = project.deletedAt { throw Self.deleted(id, at: deletedAt) }
        return project
    }

    /// Digdag's 404 for a deleted project.
    static func deleted(_ id: Int64, at deletedAt: Date) -> APIError {
        APIError.notFound("Project id=\(id) is already deleted at \(APITime.instant(deletedAt))")
    }

    /// A revision by name, or the latest.
    func revision(of project: StoredProject, named name: String?) async throws(APIError) -> StoredRevision {
        let storage = context.storage
        if let name {
            guard let revision = try await stored({ () async throws(StoreError) in
                try await storage.revision(projectId: project.id, name: name)
            }) else { throw APIError.notFound("Resource does not exist: revision=\(name) in project id=\(project.id)") }
            return revision
        }
        guard let latest = project.latestRevision else {
            throw APIError.notFound("Resource does not exist: revision of project id=\(project.id)")
        }
        return latest
    }
}
