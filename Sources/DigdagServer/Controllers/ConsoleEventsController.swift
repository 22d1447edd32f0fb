import DigdagAPI
import DigdagCore
import DigdagProject
import DigdagStorage
import Foundation
import Hummingbird
import ServiceLifecycle

/// `GET /api/x/events`: the console's live updates as server-sent events (an endpoint of ours;
/// Digdag's API answers as before). Behind the same authentication as the API, so browsers read
/// it with `fetch` and an `Authorization` header rather than `EventSource`.
///
/// - `?attempt=ID`: `attempt` (the attempt JSON) and `tasks` (the task list JSON) whenever they
///   change, `log` (`{"task","file","text"}`) for every new log piece of the attempt, and `end`
///   once the attempt is done and everything has been sent.
/// - otherwise: `sessions` (the latest sessions JSON, as `GET /api/sessions`) whenever it changes.
///
/// Each stream watches the database a few times a second while a browser keeps it open, and
/// ends after ``maxLifetime`` (the browser reconnects). While an attempt is watched, its running
/// tasks' output is stored within 0.2 s instead of every second (``LogWatchers``), so a printed
/// line reaches the browser well within a second.
struct ConsoleEventsController {
    let context: ServerContext
    /// How often an open stream looks for changes.
    var interval: Duration = .milliseconds(200)
    /// Streams end after this long; the console reconnects.
    var maxLifetime: Duration = .seconds(300)
    /// How often an idle stream writes a comment line.
    var heartbeat: Duration = .seconds(2)

    func register(on router: APIRoutes) {
        router.get("/api/x/events") { request, _ in
            if let attempt = try request.queryInt("attempt") {
                _ = try await AttemptController(context: context).find(attempt)
                return stream { send in try await attemptEvents(attempt, send: send) }
            }
            return stream { send in try await sessionEvents(send: send) }
        }
    }

    /// A `text/event-stream` response whose events `produce` sends. A comment every
    /// ``heartbeat`` finds a closed browser (the next write fails); server shutdown ends it.
    private func stream(
        _ produce: @escaping @Sendable (_ send: EventSender) async throws -> Void
    ) -> Response {
        let heartbeat = heartbeat
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
            body: ResponseBody { writer in
                let sender = EventSender()
                try await writer.write(ByteBuffer(string: "retry: 1000\n\n"))
                await withGracefulShutdownHandler {
                    await withTaskGroup(of: Void.self) { group in
                        group.addTask {
                            try? await produce(sender)
                            sender.close()
                        }
                        group.addTask {
                            while (try? await Task.sleep(for: heartbeat)) != nil, (try? sender.comment()) != nil {}
                        }
                        for await chunk in sender.chunks {
                            do { try await writer.write(ByteBuffer(string: chunk)) } catch { break }
                        }
                        sender.close()
                        group.cancelAll()
                    }
                } onGracefulShutdown: {
                    sender.close()
                }
                try await writer.finish(nil)
            })
    }

    private func attemptEvents(_ attemptId: Int64, send: EventSender) async throws {
        context.logWatchers?.watch(attemptId)
        defer {
            context.logWatchers?.unwatch(attemptId)
            send.close()
        }
        let storage = context.storage
        var lastAttempt: [UInt8] = []
        var lastTasks: [UInt8] = []
        var seenFiles: Set<String> = []
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: maxLifetime)
        var idle = 0
        while clock.now < deadline {
            guard let attempt = try await storage.attempt(id: attemptId) else { return }
            let attemptJSON = RestModelMapping.attempt(attempt).jsonBytes
            if attemptJSON != lastAttempt {
                try send.event("attempt", attemptJSON)
                lastAttempt = attemptJSON
            }
            let tasks = ModelCollection("tasks", RestModelMapping.tasks(try await storage.tasks(attemptId: attemptId)))
                .jsonBytes
            if tasks != lastTasks {
                try send.event("tasks", tasks)
                lastTasks = tasks
            }
            for file in try await storage.logFiles(attemptId: attemptId, taskPrefix: nil)
            where !seenFiles.contains(file.fileName) {
                seenFiles.insert(file.fileName)
                guard let data = try await storage.logFile(attemptId: attemptId, fileName: file.fileName) else { continue }
                let text = String(decoding: Gzip.decompressPrefix(Array(data)), as: UTF8.self)
                let value: ConfigValue = [
                    "task": .string(file.taskName), "file": .string(file.fileName), "text": .string(text),
                ]
                try send.event("log", Array(JSONText.compact(value).utf8))
            }
            if attempt.flags.contains(.done) {
                // One more look after the end: the last log pieces are stored before the task is
                // reported done, so they have been seen; stop.
                idle += 1
                if idle > 1 {
                    try send.event("end", Array("{}".utf8))
                    return
                }
            }
            try await Task.sleep(for: interval)
        }
    }

    private func sessionEvents(send: EventSender) async throws {
        defer { send.close() }
        let storage = context.storage
        var last: [UInt8] = []
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: maxLifetime)
        while clock.now < deadline {
            var query = ListQuery()
            query.limit = context.settings.maxSessionsPageSize
            let sessions = ModelCollection("sessions", try await storage.sessions(query).map(RestModelMapping.session))
                .jsonBytes
            if sessions != last {
                try send.event("sessions", sessions)
                last = sessions
            }
            try await Task.sleep(for: interval * 2)
        }
    }
}

/// Hands formatted server-sent events from the producer to the response writer.
final class EventSender: Sendable {
    let chunks: AsyncStream<String>
    private let continuation: AsyncStream<String>.Continuation

    init() {
        (chunks, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(1000))
    }

    /// Queues event `name` with a one-line JSON `data`; throws when the stream has ended.
    func event(_ name: String, _ json: [UInt8]) throws {
        let data = String(decoding: json, as: UTF8.self).replacingOccurrences(of: "\n", with: "\\n")
        try yield("event: \(name)\ndata: \(data)\n\n")
    }

    /// A comment line: keeps proxies from closing an idle stream, and finds a closed browser.
    func comment() throws { try yield(": keep-alive\n\n") }

    func close() { continuation.finish() }

    private func yield(_ text: String) throws {
        if case .terminated = continuation.yield(text) { throw CancellationError() }
    }
}
