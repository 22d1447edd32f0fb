import DigdagCore
import Foundation

/// A project row with its latest revision (Digdag's `StoredProject` + latest `StoredRevision`).
public struct StoredProject: Sendable, Equatable {
    /// Project id (int32 in Digdag).
    public var id: Int
    /// Current name; for a deleted project, the name it had (`deleted_name`).
    public var name: String
    /// When the project row was created.
    public var createdAt: Date
    /// When the project was deleted, if it was.
    public var deletedAt: Date?
    /// The newest revision, if any.
    public var latestRevision: StoredRevision?

    /// Creates a record.
    public init(id: Int, name: String, createdAt: Date, deletedAt: Date?, latestRevision: StoredRevision?) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
        self.deletedAt = deletedAt
        self.latestRevision = latestRevision
    }
}

/// One uploaded revision of a project.
public struct StoredRevision: Sendable, Equatable {
    /// Revision id.
    public var id: Int
    /// Owning project id.
    public var projectId: Int
    /// Revision name (a UUID by default).
    public var name: String
    /// Upload time.
    public var createdAt: Date
    /// `db` when the archive bytes are stored in the database, `none` otherwise.
    public var archiveType: String
    /// MD5 of the uploaded archive.
    public var archiveMD5: Data?
    /// Default session params of the revision (archive-level params).
    public var defaultParams: Config
    /// The authenticated user's info at upload time.
    public var userInfo: Config

    /// Creates a record.
    public init(
        id: Int, projectId: Int, name: String, createdAt: Date, archiveType: String, archiveMD5: Data?,
        defaultParams: Config = [:], userInfo: Config = [:]
    ) {
        self.id = id
        self.projectId = projectId
        self.name = name
        self.createdAt = createdAt
        self.archiveType = archiveType
        self.archiveMD5 = archiveMD5
        self.defaultParams = defaultParams
        self.userInfo = userInfo
    }
}

/// A workflow definition of one revision.
public struct StoredWorkflow: Sendable, Equatable {
    /// Workflow definition id (int64 in Digdag).
    public var id: Int64
    /// Workflow name (file name without `.dig`).
    public var name: String
    /// Owning project id.
    public var projectId: Int
    /// Owning project name.
    public var projectName: String
    /// Revision id.
    public var revisionId: Int
    /// Revision name.
    public var revisionName: String
    /// Workflow time zone id (`UTC` by default).
    public var timeZone: String
    /// The workflow config as loaded (the `timezone` key removed).
    public var config: Config

    /// Creates a record.
    public init(
        id: Int64, name: String, projectId: Int, projectName: String, revisionId: Int, revisionName: String,
        timeZone: String, config: Config
    ) {
        self.id = id
        self.name = name
        self.projectId = projectId
        self.projectName = projectName
        self.revisionId = revisionId
        self.revisionName = revisionName
        self.timeZone = timeZone
        self.config = config
    }
}

/// What `putRevision` stores: a new revision of a (possibly new) project, in one transaction.
public struct NewRevision: Sendable {
    /// Project name; a deleted project's name makes a new project.
    public var projectName: String
    /// Revision name, unique in the project.
    public var revisionName: String
    /// The tar.gz bytes (stored as archive type `db`).
    public var archive: Data
    /// MD5 of `archive`.
    public var archiveMD5: Data
    /// Default params of the revision.
    public var defaultParams: Config
    /// The uploader's user info.
    public var userInfo: Config
    /// The workflows of the revision, in file-name order.
    public var workflows: [NewWorkflow]
    /// Upload time.
    public var createdAt: Date
    /// Times of every scheduled workflow of this revision, by workflow name (see `ScheduleStore`).
    public var schedules: [String: ScheduleTimes]

    /// Creates a value.
    public init(
        projectName: String, revisionName: String, archive: Data, archiveMD5: Data, defaultParams: Config = [:],
        userInfo: Config = [:], workflows: [NewWorkflow], createdAt: Date, schedules: [String: ScheduleTimes] = [:]
    ) {
        self.schedules = schedules
        self.projectName = projectName
        self.revisionName = revisionName
        self.archive = archive
        self.archiveMD5 = archiveMD5
        self.defaultParams = defaultParams
        self.userInfo = userInfo
        self.workflows = workflows
        self.createdAt = createdAt
    }
}

/// One workflow of a `NewRevision`.
public struct NewWorkflow: Sendable, Equatable {
    /// Workflow name.
    public var name: String
    /// Time zone id.
    public var timeZone: String
    /// Workflow config (without `timezone`).
    public var config: Config

    /// Creates a value.
    public init(name: String, timeZone: String, config: Config) {
        self.name = name
        self.timeZone = timeZone
        self.config = config
    }
}
