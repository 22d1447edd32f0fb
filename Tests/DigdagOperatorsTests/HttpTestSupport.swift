import DigdagCore
import DigdagOperatorKit
import DigdagOperators
import Foundation
import Testing

/// Runs `http>` / `http_call>` against a test server.
struct HttpFixture {
    let server: HttpTestServer
    let project: TestProject

    init(_ routes: [String: [HttpTestServer.Reply]]) throws {
        server = try HttpTestServer(routes)
        project = try TestProject()
    }

    /// Runs `op` on `<base><path>` with `params` and `secrets`.
    func run(
        _ op: any Operator = HttpOperator(), path: String, params: Config = [:], secrets: [String: String] = [:],
        state: Config = [:], workflows: (any WorkflowSource)? = nil
    ) async throws -> TaskResult {
        try await run(op, uri: server.base + path, params: params, secrets: secrets, state: state, workflows: workflows)
    }

    /// Runs `op` on `uri`.
    func run(
        _ op: any Operator, uri: String, params: Config = [:], secrets: [String: String] = [:], state: Config = [:],
        workflows: (any WorkflowSource)? = nil
    ) async throws -> TaskResult {
        var context = project.context(type: op.type, command: .string(uri), local: params, secrets: secrets)
        context.request.lastStateParams = state
        if let workflows { context.workflows = workflows }
        return try await op.run(context)
    }

    /// The error `run` throws, as an `OperatorError`.
    func failure(
        _ op: any Operator = HttpOperator(), path: String, params: Config = [:], secrets: [String: String] = [:],
        state: Config = [:], workflows: (any WorkflowSource)? = nil
    ) async -> OperatorError? {
        do {
            _ = try await run(op, path: path, params: params, secrets: secrets, state: state, workflows: workflows)
            return nil
        } catch let error as OperatorError {
            return error
        } catch let error as ConfigError {
            return .config(error.message)
        } catch {
            return .runtime("\(error)")
        }
    }

    var logs: [String] { project.logger.messages }

    func stop() {
        server.stop()
        project.remove()
    }
}

/// Records the workflow text `http_call>` hands over and returns a fixed definition.
final class RecordingWorkflows: WorkflowSource, @unchecked Sendable {
    private(set) var parsed: [(text: String, name: String)] = []
    private let lock = NSLock()

    func loadWorkflow(path: String) throws -> Config { [:] }

    func parseWorkflow(_ text: String, name: String) throws -> Config {
        lock.withLock { parsed.append((text, name)) }
        return ["+fetched": ["echo>": .string(text)]]
    }
}
