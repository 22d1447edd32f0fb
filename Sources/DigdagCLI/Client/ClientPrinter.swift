import DigdagAPI
import DigdagCore

/// The blocks client commands print for attempts and sessions (`Start`, `Retry`,
/// `ShowSession`, `ShowAttempts`, `ShowAttempt`).
enum ClientPrinter {
    /// Prints `line` to stdout.
    static func ln(_ line: String) { StandardStreams.out(line) }

    /// Compact JSON of a config (Digdag's `Config.toString()`).
    static func json(_ config: Config) -> String { JSONText.compact(.object(config)) }

    /// The session time of an attempt with the workflow's offset.
    static func sessionTime(_ attempt: RestSessionAttempt) -> String {
        ClientTime.format(epochSeconds: attempt.sessionTime, zoneId: attempt.timezone)
    }

    /// `Started a session attempt:` and the new attempt, then the two hints on stderr.
    static func startedAttempt(_ attempt: RestSessionAttempt, programName: String) {
        ln("Started a session attempt:")
        ln("  session id: \(attempt.sessionId)")
        ln("  attempt id: \(attempt.id)")
        ln("  uuid: \(attempt.sessionUUID)")
        ln("  project: \(attempt.project.name)")
        ln("  workflow: \(attempt.workflow.name)")
        ln("  session time: \(sessionTime(attempt))")
        ln("  retry attempt name: \(attempt.retryAttemptName ?? "")")
        ln("  params: \(json(attempt.params))")
        ln("  created at: \(ClientTime.format(attempt.createdAt))")
        ln("")
        StandardStreams.err("* Use `\(programName) session \(attempt.sessionId)` to show session status.")
        StandardStreams.err(
            "* Use `\(programName) task \(attempt.id)` and `\(programName) log \(attempt.id)` to show task status and logs.")
    }

    /// One session of `sessions` / `session`.
    static func session(_ session: RestSession) {
        let last = session.lastAttempt
        ln("  session id: \(session.id)")
        ln("  attempt id: \(last.map { String($0.id) } ?? "")")
        ln("  uuid: \(session.sessionUUID)")
        ln("  project: \(session.project.name)")
        ln("  workflow: \(session.workflow.name)")
        ln("  session time: \(ClientTime.format(epochSeconds: session.sessionTime, zoneId: session.timezone))")
        ln("  retry attempt name: \(last?.retryAttemptName ?? "")")
        ln("  params: \(last.map { json($0.params) } ?? "")")
        ln("  created at: \(last.map { ClientTime.format($0.createdAt) } ?? "")")
        ln("  kill requested: \(last?.cancelRequested ?? false)")
        ln("  status: \(sessionStatus(session))")
        ln("")
    }

    /// `success`, `error` (killed too), `running`, or `pending` without an attempt.
    static func sessionStatus(_ session: RestSession) -> String {
        guard let last = session.lastAttempt else { return "pending" }
        if last.success { return "success" }
        return last.done ? "error" : "running"
    }

    /// One attempt of `attempts` / `attempt`.
    static func attempt(_ attempt: RestSessionAttempt) {
        ln("  session id: \(attempt.sessionId)")
        ln("  attempt id: \(attempt.id)")
        ln("  uuid: \(attempt.sessionUUID)")
        ln("  project: \(attempt.project.name)")
        ln("  workflow: \(attempt.workflow.name)")
        ln("  session time: \(sessionTime(attempt))")
        ln("  retry attempt name: \(attempt.retryAttemptName ?? "")")
        ln("  params: \(json(attempt.params))")
        ln("  created at: \(ClientTime.format(attempt.createdAt))")
        ln("  finished at: \(attempt.finishedAt.map(ClientTime.format) ?? "")")
        ln("  kill requested: \(attempt.cancelRequested)")
        ln("  status: \(attempt.status)")
        ln("")
    }
}
