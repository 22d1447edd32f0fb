import Foundation

/// `push`'s temporary archive `.digdag/tmp/archive-<random>.tar.gz` under the current directory.
///
/// The path is shown relative when `.digdag` already existed and absolute otherwise, as Java's
/// `Files.createDirectories` returns it.
struct TemporaryArchive {
    /// The file.
    let url: URL
    /// The path as Digdag prints it.
    let displayPath: String

    /// Creates the directory and an empty file with a fresh random name.
    static func create() throws -> TemporaryArchive {
        let fileManager = FileManager.default
        let cwd = fileManager.currentDirectoryPath
        let relativeDirectory = ".digdag/tmp"
        var isDirectory: ObjCBool = false
        let existed = fileManager.fileExists(atPath: cwd + "/.digdag", isDirectory: &isDirectory) && isDirectory.boolValue
        let absoluteDirectory = (cwd == "/" ? "" : cwd) + "/" + relativeDirectory
        try fileManager.createDirectory(atPath: absoluteDirectory, withIntermediateDirectories: true)
        var name: String
        var path: String
        repeat {
            name = "archive-\(UInt64.random(in: 0...UInt64(Int64.max))).tar.gz"
            path = absoluteDirectory + "/" + name
        } while fileManager.fileExists(atPath: path)
        guard fileManager.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw CLIError("\(path) (Permission denied)")
        }
        return TemporaryArchive(
            url: URL(fileURLWithPath: path), displayPath: existed ? relativeDirectory + "/" + name : path)
    }

    /// Deletes the file (Java's `deleteOnExit`).
    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}
