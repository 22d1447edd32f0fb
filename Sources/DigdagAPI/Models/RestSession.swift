import DigdagCore
import Foundation

/// `{"name","id"}` workflow references of sessions and attempts (`NameOptionalId`).
public struct NameOptionalId: JSONEncodableModel, Equatable {
    /// Workflow name.
    public var name: String
    /// Definition id; nil when not stored.
    public var id: Int64?

    /// Creates a reference.
    public init(name: String, id: Int64?) {
        self.name = name
        self.id = id
    }

    public func writeFields(to b: inout some JSONObjectWriter) {
        b.string("name", name)
        b.id("id", id)
    }
}

/// A session attempt (`RestSessionAttempt`), with the derived `status`.
public struct RestSessionAttempt: JSONEncodableModel, Equatable {
    /// Attempt id.
    public var id: Int64
    /// 1-based index in its session.
    public var index: Int
    /// Project.
    public var project: IdAndName
    /// Workflow.
    public var workflow: NameOptionalId
    /// Session id.
    public var sessionId: Int64
    /// Session UUID (lowercase).
    public var sessionUUID: String
    /// Session time, epoch seconds.
    public var sessionTime: Int64
    /// Time zone id of the attempt.
    public var timezone: String
    /// Retry attempt name.
    public var retryAttemptName: String?
    /// Done flag.
    public var done: Bool
    /// Success flag.
    public var success: Bool
    /// Kill requested.
    public var cancelRequested: Bool
    /// Session params.
    public var params: Config
    /// Creation time.
    public var createdAt: Date
    /// Finish time.
    public var finishedAt: Date?

    /// Creates a model.
    public init(
        id: Int64, index: Int, project: IdAndName, workflow: NameOptionalId, sessionId: Int64, sessionUUID: String,
        sessionTime: Int64, timezone: String, retryAttemptName: String?, done: Bool, success: Bool,
        cancelRequested: Bool, params: Config, createdAt: Date, finishedAt: Date?
    ) {
        self.id = id
        self.index = index
        self.project = project
        self.workflow = workflow
        self.sessionId = sessionId
        self.sessionUUID = sessionUUID
        self.sessionTime = sessionTime
        self.timezone = timezone
        self.retryAttemptName = retryAttemptName
        self.done = done
        self.success = success
        self.cancelRequested = cancelRequested
        self.params = params
        self.createdAt = createdAt
        self.finishedAt = finishedAt
    }

    /// `success`, `killed`, `error` or `running`, derived from the flags as Digdag does.
    public var status: String {
        if success { return "success" }
        if done { return cancelRequested ? "killed" : "error" }
        return "running"
    }

    public func writeFields(to b: inout some JSONObjectWriter) {
        b.string("status", status)
        b.id("id", id)
        b.int("index", index)
        b.model("project", project)
        b.model("workflow", workflow)
        b.id("sessionId", sessionId)
        b.string("sessionUuid", sessionUUID)
        b.string("sessionTime", APITime.offsetDateTime(epochSeconds: sessionTime, zone: ZoneNames.zone(timezone) ?? .gmt))
        b.string("retryAttemptName", retryAttemptName)
        b.bool("done", done)
        b.bool("success", success)
        b.bool("cancelRequested", cancelRequested)
        b.config("params", params)
        b.instant("createdAt", createdAt)
        b.instant("finishedAt", finishedAt)
    }
}

/// A session with its last attempt (`RestSession`).
public struct RestSession: JSONEncodableModel, Equatable {
    /// Session id.
    public var id: Int64
    /// Project.
    public var project: IdAndName
    /// Workflow.
    public var workflow: NameOptionalId
    /// Session UUID.
    public var sessionUUID: String
    /// Session time, epoch seconds.
    public var sessionTime: Int64
    /// Zone used to render the session time (the last attempt's).
    public var timezone: String
    /// The newest attempt.
    public var lastAttempt: RestSessionAttempt?

    /// Creates a model.
    public init(
        id: Int64, project: IdAndName, workflow: NameOptionalId, sessionUUID: String, sessionTime: Int64,
        timezone: String, lastAttempt: RestSessionAttempt?
    ) {
        self.id = id
        self.project = project
        self.workflow = workflow
        self.sessionUUID = sessionUUID
        self.sessionTime = sessionTime
        self.timezone = timezone
        self.lastAttempt = lastAttempt
    }

    public func writeFields(to b: inout some JSONObjectWriter) {
        b.id("id", id)
        b.model("project", project)
        b.model("workflow", workflow)
        b.string("sessionUuid", sessionUUID)
        b.string("sessionTime", APITime.offsetDateTime(epochSeconds: sessionTime, zone: ZoneNames.zone(timezone) ?? .gmt))
        if let a = lastAttempt {
            b.object("lastAttempt") { l in
                l.id("id", a.id)
                l.string("retryAttemptName", a.retryAttemptName)
                l.bool("done", a.done)
                l.bool("success", a.success)
                l.bool("cancelRequested", a.cancelRequested)
                l.config("params", a.params)
                l.instant("createdAt", a.createdAt)
                l.instant("finishedAt", a.finishedAt)
            }
        } else {
            b.value("lastAttempt", .null)
        }
    }
}

/// A task of an attempt (`RestTask`).
public struct RestTask: JSONEncodableModel, Equatable {
    /// Task id.
    public var id: Int64
    /// Full name.
    public var fullName: String
    /// Parent task id.
    public var parentId: Int64?
    /// Local config.
    public var config: Config
    /// Upstream task ids.
    public var upstreams: [Int64]
    /// True for groups.
    public var isGroup: Bool
    /// Lowercase state name.
    public var state: String
    /// Kill requested.
    public var cancelRequested: Bool
    /// Exported params.
    public var exportParams: Config
    /// Stored params.
    public var storeParams: Config
    /// Operator state params.
    public var stateParams: Config
    /// Last update.
    public var updatedAt: Date
    /// Next retry time.
    public var retryAt: Date?
    /// Start time.
    public var startedAt: Date?
    /// Error object (`{}` when none).
    public var error: Config

    /// Creates a model.
    public init(
        id: Int64, fullName: String, parentId: Int64?, config: Config, upstreams: [Int64], isGroup: Bool,
        state: String, cancelRequested: Bool, exportParams: Config, storeParams: Config, stateParams: Config,
        updatedAt: Date, retryAt: Date?, startedAt: Date?, error: Config
    ) {
        self.id = id
        self.fullName = fullName
        self.parentId = parentId
        self.config = config
        self.upstreams = upstreams
        self.isGroup = isGroup
        self.state = state
        self.cancelRequested = cancelRequested
        self.exportParams = exportParams
        self.storeParams = storeParams
        self.stateParams = stateParams
        self.updatedAt = updatedAt
        self.retryAt = retryAt
        self.startedAt = startedAt
        self.error = error
    }

    public func writeFields(to b: inout some JSONObjectWriter) {
        b.id("id", id)
        b.string("fullName", fullName)
        b.id("parentId", parentId)
        b.config("config", config)
        b.value("upstreams", .array(upstreams.map { .string(String($0)) }))
        b.bool("isGroup", isGroup)
        b.string("state", state)
        b.bool("cancelRequested", cancelRequested)
        b.config("exportParams", exportParams)
        b.config("storeParams", storeParams)
        b.config("stateParams", stateParams)
        b.instant("updatedAt", updatedAt)
        b.instant("retryAt", retryAt)
        b.instant("startedAt", startedAt)
        b.config("error", error)
    }
}

/// A log file handle (`RestLogFileHandle`).
public struct RestLogFileHandle: JSONEncodableModel, Equatable {
    /// File name.
    public var fileName: String
    /// Size of the gzip bytes.
    public var fileSize: Int64
    /// Task full name.
    public var taskName: String
    /// Time of the first line.
    public var fileTime: Date
    /// Agent id.
    public var agentId: String
    /// A URL to fetch the file from directly (storage log servers only).
    public var direct: String?

    /// Creates a model.
    public init(
        fileName: String, fileSize: Int64, taskName: String, fileTime: Date, agentId: String, direct: String? = nil
    ) {
        self.fileName = fileName
        self.fileSize = fileSize
        self.taskName = taskName
        self.fileTime = fileTime
        self.agentId = agentId
        self.direct = direct
    }

    public func writeFields(to b: inout some JSONObjectWriter) {
        b.string("fileName", fileName)
        b.int("fileSize", fileSize)
        b.string("taskName", taskName)
        b.instant("fileTime", fileTime)
        b.string("agentId", agentId)
        b.string("direct", direct)
    }
}
