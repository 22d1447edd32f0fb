import DigdagAPI
import DigdagCore
import DigdagStorage
import Foundation
import Hummingbird

/// `/api/logs/{attempt}/files`: task log handles and gzip files.
struct LogController {
    let context: ServerContext

    func register(on router: APIRoutes) {
        router.get("/api/logs/:id/files") { request, ctx in try await files(request, ctx.parameters.id()) }
        router.get("/api/logs/:id/files/:name") { _, ctx in
            let raw = ctx.parameters.get("name") ?? ""
            return try await file(ctx.parameters.id(), name: raw.removingPercentEncoding ?? raw)
        }
    }

    private func files(_ request: Request, _ attemptId: Int64) async throws -> Response {
        _ = try await AttemptController(context: context).find(attemptId)
        let storage = context.storage
        let prefix = request.query("task")
        let files = try await stored { () async throws(StoreError) in
            try await storage.logFiles(attemptId: attemptId, taskPrefix: prefix)
        }
        return JSONResponse.make(ModelCollection("files", files.map(RestModelMapping.logFile)))
    }

    private func file(_ attemptId: Int64, name: String) async throws -> Response {
        let storage = context.storage
        guard let data = try await stored({ () async throws(StoreError) in
            try await storage.logFile(attemptId: attemptId, fileName: name)
        }) else { throw APIError.notFound("Resource does not exist: log file \(name) of attempt id=\(attemptId)") }
        return Response(
            status: .ok, headers: [.contentType: "application/gzip"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
