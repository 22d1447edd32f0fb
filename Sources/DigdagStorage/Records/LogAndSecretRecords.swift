import Foundation

/// One stored gzip log file of a task (`<task>@<16 hex>.<agent>.log.gz`).
public struct StoredLogFile: Sendable, Equatable {
    /// Attempt id.
    public var attemptId: Int64
    /// Task full name.
    public var taskName: String
    /// File name, unique in the attempt.
    public var fileName: String
    /// Time of the first line.
    public var fileTime: Date
    /// Agent that wrote it.
    public var agentId: String
    /// Size of the gzip bytes.
    public var size: Int64

    /// Creates a record.
    public init(attemptId: Int64, taskName: String, fileName: String, fileTime: Date, agentId: String, size: Int64) {
        self.attemptId = attemptId
        self.taskName = taskName
        self.fileName = fileName
        self.fileTime = fileTime
        self.agentId = agentId
        self.size = size
    }
}

/// Where a secret lives: set by users (`project`) or by the authenticator at push (`project-default`).
public enum SecretScope: String, Sendable, CaseIterable {
    /// Set with `digdag secrets --project`.
    case project
    /// Set at push time by the authenticator.
    case projectDefault = "project-default"
}

/// An encrypted secret value as stored.
public struct StoredSecret: Sendable, Equatable {
    /// Encryption engine (`aesgcm`).
    public var engine: String
    /// The encrypted value (base64 text).
    public var value: String

    /// Creates a record.
    public init(engine: String, value: String) {
        self.engine = engine
        self.value = value
    }
}
