import Foundation

/// Helpers for `digdag run` tests: a project directory with workflow files, and output
/// normalisation (timestamps and thread numbers vary from run to run).
struct RunProject {
    let temp: TemporaryDirectory

    init(_ files: [String: String]) throws {
        temp = try TemporaryDirectory()
        for (name, content) in files {
            let url = temp.file(name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try content.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    var path: String { temp.url.path }

    /// Runs `digdag` in the project with the machine zone set to Asia/Tokyo.
    func run(_ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval = 300) throws
        -> DigdagBinary.Result
    {
        var env = ["TZ": "Asia/Tokyo", "DIGDAG_CONFIG_HOME": temp.file(".config-home").path]
        env.merge(environment) { _, new in new }
        return try DigdagBinary.run(arguments, in: temp.url, environment: env, timeout: timeout)
    }
}

extension DigdagBinary.Result {
    /// stdout lines with `yyyy-MM-dd HH:mm:ss +ZZZZ ` replaced by `TIME ` and `0016@` by `NNNN@`.
    var normalizedLines: [String] {
        stdout.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var text = String(line)
            if let match = text.firstMatch(of: #/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4} /#) {
                text = "TIME " + text[match.range.upperBound...]
            }
            text.replace(/\(\d{4}@/, with: "(NNNN@")
            return text
        }.dropLastIfEmpty()
    }
}
