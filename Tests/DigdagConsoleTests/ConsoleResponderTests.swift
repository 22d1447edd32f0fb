import DigdagProject
import Foundation
import Testing

@testable import DigdagConsole

/// The console's serving rules without HTTP: index fallback, `/api` left alone, versioned assets
/// cached for a year, ETag revalidation, gzip, content types.
struct ConsoleResponderTests {
    static let script = String(repeating: "export const x = 1;\n", count: 40)
    static let assets = ConsoleAssets(files: [
        "index.html": Array(#"<script type="module" src="/assets/{{version}}/app.js"></script>"#.utf8),
        "app.js": Array(script.utf8),
        "console.css": Array("body { margin: 0; }".utf8),
        "pages/attempt.js": Array("export function render() {}".utf8),
        "favicon.svg": Array("<svg/>".utf8),
    ])
    let responder = ConsoleResponder(assets: Self.assets)

    func get(_ path: String, ifNoneMatch: String? = nil, acceptEncoding: String? = nil, method: String = "GET")
        -> ConsoleResponse?
    {
        responder.respond(method: method, path: path, ifNoneMatch: ifNoneMatch, acceptEncoding: acceptEncoding)
    }

    @Test(arguments: ["/", "/projects", "/projects/3", "/projects/new", "/workflows/9", "/sessions", "/attempts/4", "/no/such"])
    func routesAnswerTheIndexPage(path: String) throws {
        let answer = try #require(get(path))
        #expect(answer.status == 200)
        #expect(answer.header("Content-Type") == "text/html; charset=utf-8")
        #expect(answer.header("Cache-Control") == "no-cache")
        #expect(answer.header("Content-Security-Policy")?.hasPrefix("default-src 'self'") == true)
        #expect(String(decoding: answer.body, as: UTF8.self).contains("/assets/\(Self.assets.version)/app.js"))
        #expect(!String(decoding: answer.body, as: UTF8.self).contains("{{version}}"))
    }

    @Test(arguments: ["/api", "/api/", "/api/projects", "/api/nothing/here"])
    func apiPathsAreNotTheConsoles(path: String) {
        #expect(get(path) == nil)
    }

    @Test(arguments: ["POST", "PUT", "DELETE", "OPTIONS"])
    func otherMethodsAreNotTheConsoles(method: String) {
        #expect(get("/", method: method) == nil)
    }

    @Test func versionedAssetsAreCachedForAYear() throws {
        let answer = try #require(get("/assets/\(Self.assets.version)/pages/attempt.js"))
        #expect(answer.status == 200)
        #expect(answer.header("Content-Type") == "text/javascript; charset=utf-8")
        #expect(answer.header("Cache-Control") == "public, max-age=31536000, immutable")
        #expect(answer.body == Array("export function render() {}".utf8))
    }

    @Test func otherVersionsAreRevalidated() throws {
        let answer = try #require(get("/assets/0123/console.css"))
        #expect(answer.status == 200)
        #expect(answer.header("Cache-Control") == "no-cache")
        #expect(answer.header("Content-Type") == "text/css; charset=utf-8")
    }

    @Test(arguments: ["/assets/x/missing.js", "/assets/x", "/assets/x/../index.html", "/assets/x/index.html"])
    func unknownAssetsAre404(path: String) throws {
        let answer = try #require(get(path))
        #expect(answer.status == 404)
    }

    @Test func etagGives304() throws {
        let first = try #require(get("/assets/v/app.js"))
        let etag = try #require(first.header("ETag"))
        #expect(etag.hasPrefix("\"") && etag.hasSuffix("\""))
        #expect(try #require(get("/assets/v/app.js", ifNoneMatch: etag)).status == 304)
        #expect(try #require(get("/assets/v/app.js", ifNoneMatch: "\"other\", W/\(etag)")).status == 304)
        #expect(try #require(get("/assets/v/app.js", ifNoneMatch: "*")).body.isEmpty)
        #expect(try #require(get("/assets/v/app.js", ifNoneMatch: "\"other\"")).status == 200)
        let index = try #require(get("/sessions"))
        #expect(try #require(get("/", ifNoneMatch: index.header("ETag"))).status == 304)
    }

    @Test func gzipWhenAccepted() throws {
        let plain = try #require(get("/assets/v/app.js"))
        #expect(plain.header("Content-Encoding") == nil)
        #expect(plain.header("Vary") == "Accept-Encoding")
        let zipped = try #require(get("/assets/v/app.js", acceptEncoding: "br, gzip;q=0.8"))
        #expect(zipped.header("Content-Encoding") == "gzip")
        #expect(zipped.body.count < plain.body.count)
        #expect(Gzip.decompress(zipped.body) == plain.body)
        #expect(try #require(get("/assets/v/app.js", acceptEncoding: "gzip;q=0")).header("Content-Encoding") == nil)
        // Tiny files are sent as they are.
        #expect(try #require(get("/assets/v/favicon.svg", acceptEncoding: "gzip")).header("Content-Encoding") == nil)
    }

    @Test func headHasNoBody() throws {
        let answer = try #require(get("/assets/v/app.js", method: "HEAD"))
        #expect(answer.status == 200)
        #expect(answer.body.isEmpty)
    }

    @Test func versionChangesWithAnyFile() {
        var files: [String: [UInt8]] = ["index.html": [], "app.js": Array("a".utf8)]
        let one = ConsoleAssets(files: files).version
        files["app.js"] = Array("b".utf8)
        #expect(ConsoleAssets(files: files).version != one)
    }

    @Test(arguments: [
        ("a.html", "text/html; charset=utf-8"), ("a.js", "text/javascript; charset=utf-8"),
        ("a.css", "text/css; charset=utf-8"), ("a.svg", "image/svg+xml"), ("a.png", "image/png"),
        ("a.bin", "application/octet-stream"),
    ])
    func contentTypes(file: String, type: String) {
        #expect(ConsoleAssets.contentType(of: file) == type)
    }

    /// The real files: every module the index page loads is there, and `DIGDAG_CONSOLE_DIR` finds them.
    @Test func shippedConsoleLoads() throws {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/DigdagConsole/Resources/console")
        let directory = try #require(ConsoleLocation.directory(environment: ["DIGDAG_CONSOLE_DIR": source.path]))
        let assets = try ConsoleAssets(directory: directory)
        for file in ["app.js", "console.css", "lib/api.js", "lib/router.js", "lib/tar.js", "pages/attempt.js", "pages/editor.js",
                     "widgets/task-graph.js"]
        {
            #expect(assets.file(file) != nil, "\(file)")
        }
        let index = String(decoding: assets.index.bytes, as: UTF8.self)
        #expect(index.contains("/assets/\(assets.version)/app.js"))
        // Relative imports of every module resolve to a shipped file.
        for (path, asset) in assets.files where path.hasSuffix(".js") {
            let text = String(decoding: asset.bytes, as: UTF8.self)
            for match in text.matches(of: /(?:from |import\()'(\.{1,2}\/[^']+)'/) {
                let base = URL(fileURLWithPath: "/" + path).deletingLastPathComponent()
                let target = URL(fileURLWithPath: String(match.1), relativeTo: base).standardizedFileURL.path
                #expect(assets.file(String(target.dropFirst())) != nil, "\(path) imports \(match.1)")
            }
        }
        // The first load (index, app.js, its static imports and the stylesheet) stays small.
        let firstLoad = ["app.js", "console.css", "lib/api.js", "lib/dom.js", "lib/router.js", "pages/workflows.js",
                         "widgets/status.js"].compactMap { assets.file($0) }
        let compressed = firstLoad.reduce(assets.index.bytes.count) { $0 + ($1.gzip ?? $1.bytes).count }
        #expect(compressed < 150_000)
    }
}
