import Foundation

extension SystemConfig {
    /// `-o/--database DIR`: the embedded database in `DIR` (Digdag's `database.type=h2`).
    mutating func useEmbeddedDatabase(in directory: String, cwd: URL) {
        set("database.type", "h2")
        set("database.path", URL(fileURLWithPath: directory, relativeTo: cwd).standardizedFileURL.path)
    }

    /// `-O/--task-log DIR`: task logs also written in Digdag's local log-server layout.
    mutating func useTaskLogDirectory(_ directory: String, cwd: URL) {
        set("log-server.type", "local")
        set("log-server.local.path", URL(fileURLWithPath: directory, relativeTo: cwd).standardizedFileURL.path)
    }
}
