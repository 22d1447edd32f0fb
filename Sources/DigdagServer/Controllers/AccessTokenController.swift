import DigdagAPI
import DigdagCore
import DigdagStorage
import Foundation
import Hummingbird

/// `/api/tokens` (beyond Digdag): API tokens for scripts, CI and the console, created, listed and
/// revoked by users with full access. A token is shown once, when created; only its SHA-256 is
/// stored. Requests send it as `Authorization: Bearer <token>`.
struct AccessTokenController {
    let context: ServerContext

    /// Longest accepted token name.
    static let maxNameLength = 128

    func register(on router: APIRoutes) {
        router.get("/api/tokens") { _, _ in try await list() }
        router.post("/api/tokens") { request, _ in try await create(request) }
        router.delete("/api/tokens/:id") { _, ctx in try await revoke(ctx.parameters.id()) }
    }

    private func list() async throws -> Response {
        let storage = context.storage
        let tokens = try await stored { () async throws(StoreError) in try await storage.accessTokens() }
        return JSONResponse.make(ModelCollection("tokens", tokens.map { Self.model($0) }))
    }

    private func create(_ request: Request) async throws -> Response {
        let body = try await request.jsonBody(limit: 64 * 1024)
        let name: String
        let readOnly: Bool
        do {
            name = try body.string("name")
            readOnly = try body.bool("readOnly")
        } catch {
            throw APIError.badRequest(error.message)
        }
        guard !name.isEmpty, name.count <= Self.maxNameLength,
            name.unicodeScalars.allSatisfy({ !CharacterSet.controlCharacters.contains($0) })
        else {
            throw APIError.badRequest("A token name must be 1 to \(Self.maxNameLength) characters without control characters")
        }
        let text = AccessTokenText.generate()
        let token = StoredAccessToken(
            id: 0, name: name, hash: AccessTokenText.hash(text), readOnly: readOnly,
            createdBy: Principal.current?.name ?? "anonymous", createdAt: context.now())
        let storage = context.storage
        let created: StoredAccessToken
        do {
            created = try await storage.createAccessToken(token)
        } catch where error.code == .conflict {
            throw APIError.conflict("A token named '\(name)' already exists")
        } catch {
            throw APIError.from(error)
        }
        context.logger.info("API token \(created.id) '\(name)' created by \(created.createdBy)\(readOnly ? " (read-only)" : "")")
        if context.settings.users.isEmpty {
            context.logger.warning(
                "This server has no authentication (server.authenticator.basic.*): every request is let in, and API tokens are checked only once it is set")
        }
        return JSONResponse.make(Self.model(created, text: text))
    }

    private func revoke(_ id: Int64) async throws -> Response {
        let storage = context.storage
        guard let token = try await stored({ () async throws(StoreError) in try await storage.deleteAccessToken(id: id) })
        else { throw APIError.notFound("Token id \(id) does not exist") }
        context.logger.info("API token \(id) '\(token.name)' revoked by \(Principal.current?.name ?? "anonymous")")
        return JSONResponse.make(Self.model(token))
    }

    /// The REST form of a token; its text only when just created.
    static func model(_ token: StoredAccessToken, text: String? = nil) -> RestAccessToken {
        RestAccessToken(
            id: token.id, name: token.name, readOnly: token.readOnly, createdBy: token.createdBy,
            createdAt: token.createdAt, token: text)
    }
}
