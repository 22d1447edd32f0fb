import Crypto
import DigdagAPI
import DigdagCore
import DigdagStorage
import Foundation
import Hummingbird

/// `PUT /api/projects`: a new revision from a tar.gz body, validated before anything is stored.
struct ProjectUpload {
    let context: ServerContext

    func put(_ request: Request) async throws -> Response {
        let name = request.query("project") ?? ""
        let revisionName = request.query("revision") ?? ""
        if name.isEmpty { throw APIError.badRequest("project= is required") }
        if revisionName.isEmpty { throw APIError.badRequest("revision= is required") }
        let problems =
            TaskNameRules.workflowNameFailures(name).map { "project name \($0)" }
            + (revisionName.utf16.count > 255 ? ["revision must not be longer than 255 characters"] : [])
        if !problems.isEmpty {
            throw APIError.badRequest((["Validating project failed"] + problems).joined(separator: "\n"))
        }
        if let from = request.query("schedule_from"), APITime.parseInstant(from) == nil || !from.hasSuffix("Z") {
            throw APIError.badRequest(
                "Invalid schedule_from= parameter format. Expected yyyy-MM-dd'T'HH:mm:ss'Z' format")
        }
        let limit = context.settings.maxArchiveSize
        guard let lengthText = request.headers[.contentLength], let length = Int(lengthText) else {
            throw APIError.badRequest("Content-Length header is required")
        }
        if length > limit {
            throw APIError.badRequest("Size of the uploaded archive file exceeds limit (\(limit) bytes)")
        }
        let buffer = try await request.body.collect(upTo: limit + 1)
        guard buffer.readableBytes == length else {
            throw APIError.badRequest("Content-Length header doesn't match with uploaded data size")
        }
        let data = Data(buffer: buffer)
        let loaded = try context.archives.load(data, maxSize: limit)
        let md5 = Data(Insecure.MD5.hash(data: data))
        let revision = NewRevision(
            projectName: name, revisionName: revisionName, archive: data, archiveMD5: md5,
            defaultParams: loaded.defaultParams, workflows: loaded.workflows, createdAt: context.now())
        let storage = context.storage
        let project = try await stored { () async throws(StoreError) in try await storage.putRevision(revision) }
        context.logger.info("Project '\(name)' revision '\(revisionName)' uploaded (\(loaded.workflows.count) workflows)")
        return JSONResponse.make(RestModelMapping.project(project))
    }
}
