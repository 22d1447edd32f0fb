import DigdagCore
import Foundation
import HTTPTypes
import Hummingbird
import Synchronization

/// `-A/--access-log DIR`: one JSON line per request in `DIR/access.log`, with the fields of
/// Digdag's default `json` pattern (time, host, forwardedfor, method, uri, protocol, status,
/// size, referer, ua, vhost, reqtime).
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let file: AccessLogFile

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let started = Date()
        var status = 500
        var size = "-"
        defer { file.write(line(request, status: status, size: size, started: started)) }
        do {
            let response = try await next(request, context)
            status = response.status.code
            size = response.headers[.contentLength] ?? "-"
            return response
        } catch let error as any HTTPResponseError {
            status = error.status.code
            throw error
        }
    }

    private func line(_ request: Request, status: Int, size: String, started: Date) -> String {
        let now = Date()
        let time = ZonedTime(now, TimeZone.current)
        let millis = Int((now.timeIntervalSince1970 * 1000).rounded(.down)) % 1000
        let ms = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        func header(_ name: HTTPField.Name) -> String { request.headers[name] ?? "-" }
        let fields: Config = [
            "time": .string("\(time.dateText)T\(time.timeText).\(ms)\(time.offsetCompact)"),
            "host": "-",
            "forwardedfor": .string(header(HTTPField.Name("X-Forwarded-For")!)),
            "method": .string(request.method.rawValue),
            "uri": .string(request.uri.description),
            "protocol": "HTTP/1.1",
            "status": .string(String(status)),
            "size": .string(size),
            "referer": .string(header(.referer)),
            "ua": .string(header(.userAgent)),
            "vhost": .string(request.head.authority ?? "-"),
            "reqtime": .string(String(format: "%.3f", now.timeIntervalSince(started))),
        ]
        return JSONText.compact(.object(fields)) + "\n"
    }
}

/// The access log file, appended to by every request.
final class AccessLogFile: Sendable {
    private let handle: Mutex<FileHandle?>

    /// Opens `directory/access.log` for appending (creating the directory).
    init(directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("access.log").path
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        handle.seekToEndOfFile()
        self.handle = Mutex(handle)
    }

    func write(_ line: String) {
        handle.withLock { $0?.write(Data(line.utf8)) }
    }
}
