import DigdagAPI
import DigdagCore
import Foundation

extension DigdagClient {
    /// Log files of an attempt, or of the tasks whose names start with `taskPrefix`
    /// (`GET /api/logs/{id}/files[?task=]`).
    package func logFiles(attemptId: Int64, taskPrefix: String? = nil)
        async throws(DigdagClientError) -> [RestLogFileHandle]
    {
        let reader = try await getJSON(
            "/api/logs/\(attemptId)/files",
            [("task", taskPrefix), ("direct_download", configuration.disableDirectDownload ? "false" : nil)])
        return try Self.decode { () throws(APIDecodingError) in
            try reader.array("files").map(RestLogFileHandle.init(reader:))
        }
    }

    /// The gzip bytes of a log file: from its `direct` URL (without our headers) when the server
    /// gave one, else `GET /api/logs/{id}/files/{name}`.
    package func logFile(attemptId: Int64, handle: RestLogFileHandle) async throws(DigdagClientError) -> Data {
        if let direct = handle.direct {
            return try await getRaw(direct, withHeaders: false).body
        }
        return try await getRaw(url("/api/logs/\(attemptId)/files/\(Self.encode(handle.fileName))")).body
    }
}
