import DigdagProject
import Foundation

/// The console's files, read once: bytes, gzip bytes, ETag and content type of each, plus the
/// version that names the current set (a hash of every file) in `/assets/<version>/` URLs.
package struct ConsoleAssets: Sendable {
    /// One file of the console.
    package struct Asset: Sendable {
        /// The file's bytes.
        package var bytes: [UInt8]
        /// The gzip form, or nil when compressing does not pay (images, tiny files).
        package var gzip: [UInt8]?
        /// Strong validator of `bytes` (quoted, as sent).
        package var etag: String
        /// `Content-Type` header value.
        package var contentType: String
    }

    /// Files by path relative to the console directory (`app.js`, `pages/attempt.js`).
    package let files: [String: Asset]
    /// The page answered for every console route, with the asset version filled in.
    package let index: Asset
    /// Hash of all files: the `<version>` in `/assets/<version>/...`.
    package let version: String

    /// Builds the assets from files given as path -> bytes; `index.html` is the template of the
    /// index page, where `{{version}}` becomes the asset version.
    package init(files raw: [String: [UInt8]]) {
        var hash = FNV1a()
        for path in raw.keys.sorted() {
            hash.add(Array(path.utf8))
            hash.add(raw[path] ?? [])
        }
        version = String(hash.value, radix: 16)
        var files: [String: Asset] = [:]
        for (path, bytes) in raw where path != "index.html" {
            files[path] = Self.asset(path: path, bytes: bytes)
        }
        self.files = files
        let template = String(decoding: raw["index.html"] ?? Array(Self.fallbackIndex.utf8), as: UTF8.self)
        index = Self.asset(
            path: "index.html", bytes: Array(template.replacingOccurrences(of: "{{version}}", with: version).utf8))
    }

    /// Reads every file under `directory`.
    package init(directory: URL) throws {
        var raw: [String: [UInt8]] = [:]
        let base = directory.standardizedFileURL.resolvingSymlinksInPath().path
        guard let walker = FileManager.default.enumerator(atPath: base) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: base])
        }
        while let relative = walker.nextObject() as? String {
            let full = base + "/" + relative
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue,
                !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") })
            else { continue }
            raw[relative] = Array(try Data(contentsOf: URL(fileURLWithPath: full)))
        }
        self.init(files: raw)
    }

    /// The asset at `path` (relative, no leading slash).
    package func file(_ path: String) -> Asset? { files[path] }

    static func asset(path: String, bytes: [UInt8]) -> Asset {
        var hash = FNV1a()
        hash.add(bytes)
        let type = contentType(of: path)
        let compressible = bytes.count > 256 && !type.hasPrefix("image/png")
        let gzip = compressible ? Gzip.compress(bytes) : nil
        return Asset(
            bytes: bytes, gzip: gzip.flatMap { $0.count < bytes.count ? $0 : nil },
            etag: "\"\(String(hash.value, radix: 16))\"", contentType: type)
    }

    /// `Content-Type` by file extension.
    static func contentType(of path: String) -> String {
        switch path.split(separator: ".").last.map({ $0.lowercased() }) ?? "" {
        case "html": "text/html; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "json": "application/json"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "ico": "image/x-icon"
        case "txt": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }

    private static let fallbackIndex = """
        <!doctype html><title>Digdag</title><p>The console's files are missing from this installation.</p>
        """
}

/// 64-bit FNV-1a: a fast content hash for ETags and the asset version (not for security).
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ bytes: [UInt8]) {
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x100_0000_01b3
        }
    }
}
