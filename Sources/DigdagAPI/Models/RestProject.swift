import DigdagCore
import Foundation

/// `{"id","name"}` references to projects and schedules' workflows.
public struct IdAndName: JSONEncodableModel, Equatable {
    /// Id.
    public var id: Int64
    /// Name.
    public var name: String

    /// Creates a reference.
    public init(id: Int64, name: String) {
        self.id = id
        self.name = name
    }

    public func writeFields(to b: inout some JSONObjectWriter) {
        b.id("id", id)
        b.string("name", name)
    }

    /// Reads one from JSON.
    public init(reader: JSONObjectReader) throws(APIDecodingError) {
        id = try reader.id("id")
        name = try reader.string("name")
    }
}

/// A project with its latest revision (`RestProject`).
public struct RestProject: JSONEncodableModel, Equatable {
    /// Project id.
    public var id: Int64
    /// Name.
    public var name: String
    /// Latest revision name.
    public var revision: String
    /// Project creation time.
    public var createdAt: Date
    /// Latest revision's creation time.
    public var updatedAt: Date
    /// Deletion time, if deleted.
    public var deletedAt: Date?
    /// `db` or `none`.
    public var archiveType: String
    /// MD5 of the archive.
    public var archiveMD5: Data?

    /// Creates a model.
    public init(
        id: Int64, name: String, revision: String, createdAt: Date, updatedAt: Date, deletedAt: Date?,
        archiveType: String, archiveMD5: Data?
    ) {
        self.id = id
        self.name = name
        self.revision = revision
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.deletedAt = deletedAt
        self.archiveType = archiveType
        self.archiveMD5 = archiveMD5
    }

    public func writeFields(to b: inout some JSONObjectWriter) {
        b.id("id", id)
        b.string("name", name)
        b.string("revision", revision)
        b.instant("createdAt", createdAt)
        b.instant("updatedAt", updatedAt)
        b.instant("deletedAt", deletedAt)
        b.string("archiveType", archiveType)
        b.string("archiveMd5", archiveMD5?.base64EncodedString())
    }

    /// Reads one from JSON.
    public init(reader r: JSONObjectReader) throws(APIDecodingError) {
        id = try r.id("id")
        name = try r.string("name")
        revision = try r.string("revision")
        createdAt = try r.instant("createdAt")
        updatedAt = try r.instant("updatedAt")
        deletedAt = try r.optionalInstant("deletedAt")
        archiveType = try r.string("archiveType")
        archiveMD5 = r.optionalString("archiveMd5").flatMap { Data(base64Encoded: $0) }
    }
}

/// One revision of a project (`RestRevision`, no id).
public struct RestRevision: JSONEncodableModel, Equatable {
    /// Revision name.
    public var revision: String
    /// Upload time.
    public var createdAt: Date
    /// Archive type.
    public var archiveType: String
    /// Archive MD5.
    public var archiveMD5: Data?
    /// Uploader info.
    public var userInfo: Config

    /// Creates a model.
    public init(revision: String, createdAt: Date, archiveType: String, archiveMD5: Data?, userInfo: Config) {
        self.revision = revision
        self.createdAt = createdAt
        self.archiveType = archiveType
        self.archiveMD5 = archiveMD5
        self.userInfo = userInfo
    }

    public func writeFields(to b: inout some JSONObjectWriter) {
        b.string("revision", revision)
        b.instant("createdAt", createdAt)
        b.string("archiveType", archiveType)
        b.string("archiveMd5", archiveMD5?.base64EncodedString())
        b.config("userInfo", userInfo)
    }
}

/// A workflow definition (`RestWorkflowDefinition`).
public struct RestWorkflowDefinition: JSONEncodableModel, Equatable {
    /// Definition id.
    public var id: Int64
    /// Workflow name.
    public var name: String
    /// Owning project.
    public var project: IdAndName
    /// Revision name.
    public var revision: String
    /// Time zone id.
    public var timezone: String
    /// The workflow config.
    public var config: Config

    /// Creates a model.
    public init(id: Int64, name: String, project: IdAndName, revision: String, timezone: String, config: Config) {
        self.id = id
        self.name = name
        self.project = project
        self.revision = revision
        self.timezone = timezone
        self.config = config
    }

    public func writeFields(to b: inout some JSONObjectWriter) {
        b.id("id", id)
        b.string("name", name)
        b.model("project", project)
        b.string("revision", revision)
        b.string("timezone", timezone)
        b.config("config", config)
    }

    /// Reads one from JSON.
    public init(reader r: JSONObjectReader) throws(APIDecodingError) {
        id = try r.id("id")
        name = try r.string("name")
        guard let p = try r.nested("project") else { throw APIDecodingError("Missing field 'project'") }
        project = try IdAndName(reader: p)
        revision = try r.string("revision")
        timezone = try r.string("timezone")
        config = try r.config("config")
    }
}

/// A truncated session time (`RestWorkflowSessionTime`).
public struct RestWorkflowSessionTime: JSONEncodableModel, Equatable {
    /// Owning project.
    public var project: IdAndName
    /// Revision name.
    public var revision: String
    /// Session time, epoch seconds.
    public var sessionTime: Int64
    /// Time zone id.
    public var timezone: String

    /// Creates a model.
    public init(project: IdAndName, revision: String, sessionTime: Int64, timezone: String) {
        self.project = project
        self.revision = revision
        self.sessionTime = sessionTime
        self.timezone = timezone
    }

    public func writeFields(to b: inout some JSONObjectWriter) {
        b.model("project", project)
        b.string("revision", revision)
        b.string("sessionTime", APITime.offsetDateTime(epochSeconds: sessionTime, zone: ZoneNames.zone(timezone) ?? .gmt))
        b.string("timezone", timezone)
    }
}
