import DigdagCore

/// The answer of `GET /api/version/check` (`RestVersionCheckResult`).
public struct RestVersionCheckResult: JSONEncodableModel, Equatable {
    /// The server's version.
    public var serverVersion: String
    /// The client is older than the server recommends.
    public var upgradeRecommended: Bool
    /// The client can talk to this server.
    public var apiCompatible: Bool

    /// Creates a model.
    public init(serverVersion: String, upgradeRecommended: Bool, apiCompatible: Bool) {
        self.serverVersion = serverVersion
        self.upgradeRecommended = upgradeRecommended
        self.apiCompatible = apiCompatible
    }

    public func writeFields(to b: inout some JSONObjectWriter) {
        b.string("serverVersion", serverVersion)
        b.bool("upgradeRecommended", upgradeRecommended)
        b.bool("apiCompatible", apiCompatible)
    }

    /// Reads one from JSON.
    public init(reader r: JSONObjectReader) throws(APIDecodingError) {
        self.init(
            serverVersion: try r.string("serverVersion"), upgradeRecommended: try r.bool("upgradeRecommended"),
            apiCompatible: try r.bool("apiCompatible", default: true))
    }
}
