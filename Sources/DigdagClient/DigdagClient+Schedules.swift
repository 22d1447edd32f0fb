import DigdagAPI
import DigdagCore
import Foundation

extension DigdagClient {
    /// The first page of all schedules (`GET /api/schedules[?last_id=]`).
    package func schedules(lastId: Int64? = nil) async throws(DigdagClientError) -> [RestSchedule] {
        try Self.schedules(try await getJSON("/api/schedules", [("last_id", lastId.map(String.init))]))
    }

    /// Schedules of a project (`GET /api/projects/{id}/schedules[?last_id=]`).
    package func schedules(projectId: Int64, lastId: Int64?) async throws(DigdagClientError) -> [RestSchedule] {
        try Self.schedules(
            try await getJSON("/api/projects/\(projectId)/schedules", [("last_id", lastId.map(String.init))]))
    }

    /// The schedule of a workflow (`GET /api/projects/{id}/schedules?workflow=`); "not found"
    /// when it has none.
    package func schedule(projectId: Int64, workflow: String) async throws(DigdagClientError) -> RestSchedule {
        let list = try Self.schedules(
            try await getJSON("/api/projects/\(projectId)/schedules", [("workflow", workflow)]))
        guard let first = list.first else {
            throw DigdagClientError.notFound(
                "schedule not found in the latest revision of project id = \(projectId): \(workflow)")
        }
        return first
    }

    /// `GET /api/schedules/{id}`.
    package func schedule(id: Int64) async throws(DigdagClientError) -> RestSchedule {
        let reader = try await getJSON("/api/schedules/\(id)")
        return try Self.decode { () throws(APIDecodingError) in try RestSchedule(reader: reader) }
    }

    /// Skips a schedule to a time (`POST /api/schedules/{id}/skip` with `nextTime`).
    package func skipSchedule(id: Int64, toTime: Date, runAt: Date?, dryRun: Bool)
        async throws(DigdagClientError) -> RestScheduleSummary
    {
        var body = JSONObjectBuilder()
        body.string("nextTime", ZonedTime.instantText(toTime))
        body.instant("nextRunTime", runAt)
        body.bool("dryRun", dryRun)
        return try await summary("/api/schedules/\(id)/skip", body.json)
    }

    /// Skips a number of sessions from a time (`POST /api/schedules/{id}/skip` with `count`).
    package func skipSchedule(id: Int64, fromTime: Date, count: Int, runAt: Date?, dryRun: Bool)
        async throws(DigdagClientError) -> RestScheduleSummary
    {
        var body = JSONObjectBuilder()
        body.int("count", count)
        body.instant("fromTime", fromTime)
        body.instant("nextRunTime", runAt)
        body.bool("dryRun", dryRun)
        return try await summary("/api/schedules/\(id)/skip", body.json)
    }

    /// Starts sessions for past times (`POST /api/schedules/{id}/backfill`).
    package func backfillSchedule(id: Int64, fromTime: Date, attemptName: String, count: Int?, dryRun: Bool)
        async throws(DigdagClientError) -> [RestSessionAttempt]
    {
        var body = JSONObjectBuilder()
        body.instant("fromTime", fromTime)
        body.bool("dryRun", dryRun)
        body.string("attemptName", attemptName)
        body.int("count", count)
        let reader = try await sendJSON("POST", "/api/schedules/\(id)/backfill", body: body.json)
        return try Self.decode { () throws(APIDecodingError) in
            try reader.array("attempts").map(RestSessionAttempt.init(reader:))
        }
    }

    /// `POST /api/schedules/{id}/disable` with `{}`.
    package func disableSchedule(id: Int64) async throws(DigdagClientError) -> RestScheduleSummary {
        try await summary("/api/schedules/\(id)/disable", .object([:]))
    }

    /// `POST /api/schedules/{id}/enable` with `{}`.
    package func enableSchedule(id: Int64, skipSchedule: Bool = false, nextTime: String? = nil)
        async throws(DigdagClientError) -> RestScheduleSummary
    {
        var body: Config = [:]
        if skipSchedule { body["skipSchedule"] = .bool(true) }
        if let nextTime { body["nextTime"] = .string(nextTime) }
        return try await summary("/api/schedules/\(id)/enable", .object(body))
    }

    private func summary(_ path: String, _ body: ConfigValue) async throws(DigdagClientError) -> RestScheduleSummary {
        let reader = try await sendJSON("POST", path, body: body)
        return try Self.decode { () throws(APIDecodingError) in try RestScheduleSummary(reader: reader) }
    }

    private static func schedules(_ reader: JSONObjectReader) throws(DigdagClientError) -> [RestSchedule] {
        try decode { () throws(APIDecodingError) in try reader.array("schedules").map(RestSchedule.init(reader:)) }
    }
}
