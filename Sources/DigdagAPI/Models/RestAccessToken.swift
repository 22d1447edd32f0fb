import DigdagCore
import Foundation

/// An API token as `/api/tokens` shows it (beyond Digdag). `token`, the secret text, is present
/// only in the answer to its creation.
public struct RestAccessToken: JSONEncodableModel, Equatable {
    /// Token id.
    public var id: Int64
    /// Its name.
    public var name: String
    /// May only read.
    public var readOnly: Bool
    /// Who created it.
    public var createdBy: String
    /// When.
    public var createdAt: Date
    /// The token text, only when just created.
    public var token: String?

    /// Creates a model.
    public init(id: Int64, name: String, readOnly: Bool, createdBy: String, createdAt: Date, token: String? = nil) {
        self.id = id
        self.name = name
        self.readOnly = readOnly
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.token = token
    }

    public func writeFields(to b: inout some JSONObjectWriter) {
        b.string("id", String(id))
        b.string("name", name)
        b.bool("readOnly", readOnly)
        b.string("createdBy", createdBy)
        b.instant("createdAt", createdAt)
        if let token { b.string("token", token) }
    }

    /// Reads one from JSON.
    public init(reader r: JSONObjectReader) throws(APIDecodingError) {
        self.init(
            id: try r.id("id"), name: try r.string("name"), readOnly: try r.bool("readOnly"),
            createdBy: try r.string("createdBy"), createdAt: try r.instant("createdAt"),
            token: r.optionalString("token"))
    }
}
