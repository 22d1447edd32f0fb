import DigdagAPI
import DigdagCore
import DigdagRuntime
import DigdagStorage
import Foundation
import Hummingbird

/// `/api/projects/{id}/secrets`: keys only, values never leave the server.
struct SecretController {
    let context: ServerContext

    func register(on router: APIRoutes) {
        router.get("/api/projects/:id/secrets") { _, ctx in try await list(ctx.parameters.id()) }
        router.put("/api/projects/:id/secrets/:key") { request, ctx in
            try await set(request, ctx.parameters.id(), key: ctx.parameters.get("key") ?? "")
        }
        router.delete("/api/projects/:id/secrets/:key") { _, ctx in
            try await delete(ctx.parameters.id(), key: ctx.parameters.get("key") ?? "")
        }
    }

    private func list(_ id: Int64) async throws -> Response {
        let project = try await ProjectLookup(context: context).existing(id)
        let storage = context.storage
        let keys = try await stored { () async throws(StoreError) in
            try await storage.secretKeys(projectId: project.id, scope: .project)
        }
        return JSONResponse.make(["secrets": .array(keys.map { ["key": .string($0)] })])
    }

    private func set(_ request: Request, _ id: Int64, key: String) async throws -> Response {
        let project = try await ProjectLookup(context: context).existing(id)
        let body = try await request.jsonBody(limit: 64 * 1024)
        guard let value = body.optionalString("value") else { throw APIError.badRequest("Invalid secret") }
        guard SecretValidation.isValidKey(key), SecretValidation.isValidValue(value) else { throw APIError.badRequest("Invalid secret") }
        guard let cipher = context.cipher else {
            throw APIError(
                .internalServerError,
                "Secret encryption is not configured: set digdag.secret-encryption-key (a base64 128-bit key, e.g. from `openssl rand -base64 16`) in the config file (-c) of every server")
        }
        let encrypted: String
        do { encrypted = try cipher.encrypt(value) } catch { throw APIError.badRequest("Invalid secret") }
        let secret = StoredSecret(engine: cipher.engine, value: encrypted)
        let storage = context.storage
        let now = context.now()
        try await stored { () async throws(StoreError) in
            try await storage.setSecret(projectId: project.id, scope: .project, key: key, secret: secret, now: now)
        }
        return JSONResponse.make(response(key: key, project))
    }

    private func delete(_ id: Int64, key: String) async throws -> Response {
        let project = try await ProjectLookup(context: context).existing(id)
        guard SecretValidation.isValidKey(key) else { throw APIError.badRequest("Invalid secret") }
        let storage = context.storage
        _ = try await stored { () async throws(StoreError) in
            try await storage.deleteSecret(projectId: project.id, scope: .project, key: key)
        }
        return JSONResponse.make(response(key: key, project))
    }

    private func response(key: String, _ project: StoredProject) -> ConfigValue {
        ["key": .string(key), "project": IdAndName(id: Int64(project.id), name: project.name).json]
    }
}
