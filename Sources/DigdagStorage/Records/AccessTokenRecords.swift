import Foundation

/// An API token as stored: only the SHA-256 of the token's text is kept, never the text itself.
public struct StoredAccessToken: Sendable, Equatable {
    /// Token id.
    public var id: Int64
    /// A name given by its creator (unique), e.g. `ci` or `grafana`.
    public var name: String
    /// Lowercase hex SHA-256 of the token text.
    public var hash: String
    /// The token may list and read, not change anything or see secret keys.
    public var readOnly: Bool
    /// Who created it (a user name or `token:<name>`).
    public var createdBy: String
    /// When it was created.
    public var createdAt: Date

    /// Creates a record.
    public init(id: Int64, name: String, hash: String, readOnly: Bool, createdBy: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.hash = hash
        self.readOnly = readOnly
        self.createdBy = createdBy
        self.createdAt = createdAt
    }
}
