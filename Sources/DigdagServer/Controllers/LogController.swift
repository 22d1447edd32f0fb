import DigdagAPI
import DigdagCore
import DigdagStorage
import Foundation
import Hummingbird

/// `/api/logs/{attempt}/files`: task log handles and gzip files.
struct LogController {
    let context: ServerContext

    func register(on router: Router<BasicRequestContext>) {
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

/// `/api/version` and `/api/version/check`.
struct VersionController {
    let context: ServerContext

    func register(on router: Router<BasicRequestContext>) {
        router.get("/api/version") { _, _ in JSONResponse.make(["version": .string(context.settings.version)]) }
        router.get("/api/version/check") { request, _ in
            let client = request.query("client") ?? ""
            guard let clientVersion = DigdagVersion(client) else {
                throw APIError.badRequest("Invalid client version: \(client)")
            }
            let settings = context.settings
            let upgrade = settings.upgradeRecommendedIfOlder.flatMap(DigdagVersion.init).map { clientVersion < $0 } ?? false
            let incompatible = settings.apiIncompatibleIfOlder.flatMap(DigdagVersion.init).map { clientVersion < $0 } ?? false
            return JSONResponse.make([
                "serverVersion": .string(settings.version), "upgradeRecommended": .bool(upgrade),
                "apiCompatible": .bool(!incompatible),
            ])
        }
    }
}

/// A dotted version with an optional `-qualifier`, ordered as Digdag compares them.
struct DigdagVersion: Comparable {
    let numbers: [Int]
    let qualifier: String?

    init?(_ text: String) {
        let parts = text.split(separator: "-", maxSplits: 1).map(String.init)
        guard let numeric = parts.first, !numeric.isEmpty else { return nil }
        var numbers: [Int] = []
        for piece in numeric.split(separator: ".", omittingEmptySubsequences: false) {
            guard let n = Int(piece) else { return nil }
            numbers.append(n)
        }
        self.numbers = numbers
        qualifier = parts.count > 1 ? parts[1] : nil
    }

    static func < (a: DigdagVersion, b: DigdagVersion) -> Bool {
        let count = max(a.numbers.count, b.numbers.count)
        for i in 0..<count {
            let x = i < a.numbers.count ? a.numbers[i] : 0
            let y = i < b.numbers.count ? b.numbers[i] : 0
            if x != y { return x < y }
        }
        switch (a.qualifier, b.qualifier) {
        case (nil, nil), (nil, _?): return false
        case (_?, nil): return true
        case (let p?, let q?): return p < q
        }
    }
}
