import Foundation

/// Runs client commands of the built binary against a server, in a working directory, with the
/// machine zone set to Asia/Tokyo and no user config.
struct ClientRunner {
    /// The server's endpoint (`-e`), or nil to pass none.
    var endpoint: String?
    /// The working directory.
    var directory: URL
    /// A fresh config home, so no user config file is read.
    let home: TemporaryDirectory

    init(endpoint: String?, directory: URL) throws {
        self.endpoint = endpoint
        self.directory = directory
        home = try TemporaryDirectory()
    }

    /// `digdag <arguments> -e <endpoint>` (a client command).
    func run(_ arguments: [String], in subdirectory: String? = nil, stdin: String? = nil, environment: [String: String] = [:])
        throws -> DigdagBinary.Result
    {
        try local(arguments + (endpoint.map { ["-e", $0] } ?? []), in: subdirectory, stdin: stdin, environment: environment)
    }

    /// `digdag <arguments>` without an endpoint (`init`, `run`, `archive`).
    func local(_ arguments: [String], in subdirectory: String? = nil, stdin: String? = nil, environment: [String: String] = [:])
        throws -> DigdagBinary.Result
    {
        var env = [
            "TZ": "Asia/Tokyo", "HOME": home.url.path, "DIGDAG_CONFIG_HOME": home.file("config-home").path,
            "http_proxy": "", "HTTP_PROXY": "", "https_proxy": "", "HTTPS_PROXY": "",
        ]
        env.merge(environment) { _, new in new }
        let cwd = subdirectory.map { directory.appendingPathComponent($0) } ?? directory
        return try DigdagBinary.run(arguments, in: cwd, environment: env, stdin: stdin)
    }
}

/// Replaces what changes from run to run with fixed words: local times `TIME`, ISO instants
/// `ISO`, UUIDs `UUID`, temporary archive numbers `archive-N`; trailing spaces are kept.
enum ClientText {
    static func normalize(_ text: String) -> String {
        var out = text
        out.replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}/, with: "TIME")
        out.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/, with: "ISO")
        out.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/, with: "UUID")
        out.replace(/archive-\d+\.tar\.gz/, with: "archive-N.tar.gz")
        return out
    }

    /// The normalized stderr without the banner line.
    static func stderr(_ result: DigdagBinary.Result) -> String { normalize(result.stderrAfterBanner) }

    /// The normalized stdout.
    static func stdout(_ result: DigdagBinary.Result) -> String { normalize(result.stdout) }
}

extension ServerProcess {
    /// A server whose config file sets `properties` (`-c server.properties`).
    static func configured(_ properties: String, arguments: [String] = ["--memory"]) throws -> ServerProcess {
        let config = try TemporaryDirectory()
        try properties.write(to: config.file("server.properties"), atomically: true, encoding: .utf8)
        return try ServerProcess(arguments + ["-c", config.file("server.properties").path], directory: config)
    }
}
