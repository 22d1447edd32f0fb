import DigdagAPI
import DigdagCore
import DigdagRuntime
import DigdagStorage
import Foundation
import Hummingbird

/// `PUT /api/attempts`: validates the request, builds the initial tasks and stores the attempt
/// with this node's lease in one transaction, then hands it to the executor.
struct AttemptStart {
    let context: ServerContext

    func start(_ request: Request) async throws -> Response {
        let body = try await request.jsonBody()
        let workflowId: Int64
        let sessionTime: Date
        let params: Config
        let retryName: String?
        do {
            workflowId = try body.id("workflowId")
            sessionTime = try body.instant("sessionTime")
            params = try body.config("params")
            retryName = body.optionalString("retryAttemptName")
        } catch {
            throw APIError.badRequest(error.message)
        }
        let storage = context.storage
        guard
            let facts = try await stored({ () async throws(StoreError) in
                try await storage.attemptStartFacts(workflowId: workflowId)
            })
        else { throw APIError.notFound("Resource does not exist: workflow id=\(workflowId)") }
        let workflow = facts.workflow
        if let deletedAt = facts.projectDeletedAt { throw ProjectLookup.deleted(Int64(workflow.projectId), at: deletedAt) }
        let active = facts.activeAttempts
        let maxAttempts = context.settings.maxActiveAttempts
        if active >= maxAttempts {
            throw APIError.badRequest("Too many attempts running. Limit: \(maxAttempts), Current: \(active)")
        }
        let resumed = try await resumedResults(body)
        let creation: AttemptCreation
        do {
            creation = try await context.launcher.launch(
                workflow, sessionTime: Int64(sessionTime.timeIntervalSince1970.rounded(.down)),
                retryAttemptName: retryName, params: params, resumedResults: resumed, now: context.now())
        } catch let error as AttemptLauncher.Failure {
            throw APIError.badRequest(error.message)
        } catch let error as StoreError {
            throw APIError.from(error)
        }
        switch creation {
        case .conflict(let existing):
            return JSONResponse.make(RestModelMapping.attempt(existing), status: .conflict)
        case .created(let created):
            return JSONResponse.make(RestModelMapping.attempt(created))
        }
    }

    /// `resume: {mode: failed|from, attemptId, from}`: results of the earlier attempt's
    /// successful tasks to reuse.
    private func resumedResults(_ body: JSONObjectReader) async throws -> [String: TaskOutcome] {
        guard let resume = try body.nested("resume") else { return [:] }
        let mode = resume.optionalString("mode") ?? ""
        guard let attemptId = resume.optionalId("attemptId") else { throw APIError.badRequest("resume.attemptId is required") }
        let storage = context.storage
        let previous = try await stored { () async throws(StoreError) in try await storage.tasks(attemptId: attemptId) }
            .map(\.task)
        guard let root = previous.first else {
            throw APIError.notFound("Resource does not exist: session attempt id=\(attemptId)")
        }
        var reusable: [AttemptTask]
        switch mode {
        case "failed":
            if root.state == .success {
                throw APIError.badRequest("Resuming successfully completed attempts is not supported")
            }
            reusable = previous.filter { $0.parentId != nil && $0.state == .success }
        case "from":
            let pattern = resume.optionalString("from") ?? ""
            let target: AttemptTask
            do {
                target = try TaskMatchPattern(pattern).find(in: previous)
            } catch {
                throw APIError.badRequest(error.message)
            }
            var ancestors: Set<Int64> = []
            var cursor = target.parentId
            while let id = cursor {
                ancestors.insert(id)
                cursor = previous[Int(id - 1)].parentId
            }
            reusable = previous.filter {
                $0.parentId != nil && $0.id < target.id && $0.state == .success && !ancestors.contains($0.id)
            }
        default:
            throw APIError.badRequest("Unknown resume mode: \(mode)")
        }
        var results: [String: TaskOutcome] = [:]
        for task in reusable {
            results[task.fullName] = TaskOutcome(
                subtaskConfig: task.subtaskConfig, exportParams: task.exportParams, storeParams: task.storeParams,
                resetStoreParams: task.resetStoreParams)
        }
        return results
    }
}
