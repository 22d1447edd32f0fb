import DigdagCore
import Foundation

extension NameOptionalId {
    /// Reads one from JSON.
    public init(reader r: JSONObjectReader) throws(APIDecodingError) {
        self.init(name: try r.string("name"), id: r.optionalId("id"))
    }
}

extension RestSessionAttempt {
    /// Reads one from JSON. ``timezone`` becomes the zone id of the session time's offset
    /// (`+09:00`, `Z`), which is all the JSON tells about the workflow's zone.
    public init(reader r: JSONObjectReader) throws(APIDecodingError) {
        let sessionTime = try r.offsetDateTime("sessionTime")
        self.init(
            id: try r.id("id"), index: r.optionalInt("index") ?? 0,
            project: try IdAndName(reader: r.requiredNested("project")),
            workflow: try NameOptionalId(reader: r.requiredNested("workflow")),
            sessionId: try r.id("sessionId"), sessionUUID: try r.string("sessionUuid"),
            sessionTime: sessionTime.epochSeconds, timezone: sessionTime.zoneId,
            retryAttemptName: r.optionalString("retryAttemptName"), done: try r.bool("done"),
            success: try r.bool("success"), cancelRequested: try r.bool("cancelRequested"),
            params: try r.config("params"), createdAt: try r.instant("createdAt"),
            finishedAt: try r.optionalInstant("finishedAt"))
    }
}

extension RestSession {
    /// Reads one from JSON; the last attempt inherits the session's identity fields.
    public init(reader r: JSONObjectReader) throws(APIDecodingError) {
        let sessionTime = try r.offsetDateTime("sessionTime")
        let project = try IdAndName(reader: r.requiredNested("project"))
        let workflow = try NameOptionalId(reader: r.requiredNested("workflow"))
        let id = try r.id("id")
        let uuid = try r.string("sessionUuid")
        var last: RestSessionAttempt?
        if let a = try r.nested("lastAttempt") {
            last = RestSessionAttempt(
                id: try a.id("id"), index: a.optionalInt("index") ?? 0, project: project, workflow: workflow,
                sessionId: id, sessionUUID: uuid, sessionTime: sessionTime.epochSeconds, timezone: sessionTime.zoneId,
                retryAttemptName: a.optionalString("retryAttemptName"), done: try a.bool("done"),
                success: try a.bool("success"), cancelRequested: try a.bool("cancelRequested"),
                params: try a.config("params"), createdAt: try a.instant("createdAt"),
                finishedAt: try a.optionalInstant("finishedAt"))
        }
        self.init(
            id: id, project: project, workflow: workflow, sessionUUID: uuid, sessionTime: sessionTime.epochSeconds,
            timezone: sessionTime.zoneId, lastAttempt: last)
    }
}

extension RestTask {
    /// Reads one from JSON.
    public init(reader r: JSONObjectReader) throws(APIDecodingError) {
        self.init(
            id: try r.id("id"), fullName: try r.string("fullName"), parentId: r.optionalId("parentId"),
            config: try r.config("config"), upstreams: try r.idArray("upstreams"), isGroup: try r.bool("isGroup"),
            state: try r.string("state"), cancelRequested: try r.bool("cancelRequested"),
            exportParams: try r.config("exportParams"), storeParams: try r.config("storeParams"),
            stateParams: try r.config("stateParams"), updatedAt: try r.instant("updatedAt"),
            retryAt: try r.optionalInstant("retryAt"), startedAt: try r.optionalInstant("startedAt"),
            error: try r.config("error"))
    }
}

extension RestLogFileHandle {
    /// Reads one from JSON; `direct` may be a URL string or (older servers) `{"url": ...}`.
    public init(reader r: JSONObjectReader) throws(APIDecodingError) {
        var direct = r.optionalString("direct")
        if let nested = try? r.nested("direct") {
            direct = nested.optionalString("url")
        }
        self.init(
            fileName: try r.string("fileName"), fileSize: r.optionalId("fileSize") ?? 0,
            taskName: try r.string("taskName"), fileTime: try r.instant("fileTime"),
            agentId: r.optionalString("agentId") ?? "", direct: direct)
    }
}
