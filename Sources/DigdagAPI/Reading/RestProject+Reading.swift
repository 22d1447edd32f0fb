import DigdagCore
import Foundation

extension RestRevision {
    /// Reads one from JSON.
    public init(reader r: JSONObjectReader) throws(APIDecodingError) {
        self.init(
            revision: try r.string("revision"), createdAt: try r.instant("createdAt"),
            archiveType: try r.string("archiveType"),
            archiveMD5: r.optionalString("archiveMd5").flatMap { Data(base64Encoded: $0) },
            userInfo: try r.config("userInfo"))
    }
}

extension RestWorkflowSessionTime {
    /// Reads one from JSON; the session time keeps its offset through ``zoneId``.
    public init(reader r: JSONObjectReader) throws(APIDecodingError) {
        let sessionTime = try r.offsetDateTime("sessionTime")
        self.init(
            project: try IdAndName(reader: r.requiredNested("project")), revision: try r.string("revision"),
            sessionTime: sessionTime.epochSeconds, timezone: try r.string("timezone"))
    }
}
