import DigdagOperatorKit
import Foundation

/// Temporary directories under `<project>/.digdag/tmp` and the relative paths that point into them
/// (Digdag's `Workspace.createTempDir` and `Path.relativize`).
enum ScratchDirectory {
    /// Creates `<project>/.digdag/tmp/<prefix><random>/`, e.g. `digdag-sh-12-4027364782311`.
    /// The operators remove it when the task ends (Digdag leaves it behind in local mode).
    static func create(prefix: String, in context: OperatorContext) throws -> URL {
        let parent = context.temporaryDirectory
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw OperatorError.runtime("Failed to create directory \(parent.path): \(error.localizedDescription)")
        }
        for _ in 0..<16 {
            let directory = parent.appendingPathComponent(prefix + String(UInt64.random(in: 0...UInt64.max)))
            if mkdir(directory.path, 0o700) == 0 { return directory }
            guard errno == EEXIST else {
                let reason = String(cString: strerror(errno))
                throw OperatorError.runtime("Failed to create temporary directory \(directory.path): \(reason)")
            }
        }
        throw OperatorError.runtime("Failed to create a temporary directory in \(parent.path)")
    }

    /// The path of `target` relative to the directory `base` (both absolute), using `..` as needed.
    /// Removes a task's scratch directory (Digdag leaves them behind in local mode; we do not).
    static func remove(_ directory: URL) {
        try? FileManager.default.removeItem(at: directory)
    }

    static func relativePath(of target: URL, from base: URL) -> String {
        let targetParts = target.standardizedFileURL.pathComponents
        let baseParts = base.standardizedFileURL.pathComponents
        var common = 0
        while common < targetParts.count, common < baseParts.count, targetParts[common] == baseParts[common] {
            common += 1
        }
        let ups = Array(repeating: "..", count: baseParts.count - common)
        let parts = ups + targetParts[common...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    /// Writes `text` as UTF-8 to a new file at `url`. No fsync: the file lives as long as its
    /// task, and Foundation's `Data.write` syncs, which cost a disk flush per `sh>` task.
    static func write(_ text: String, to url: URL) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        var failure: Int32 = fd >= 0 ? 0 : errno
        if fd >= 0 {
            let bytes = Array(text.utf8)
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
                if n <= 0 {
                    failure = n < 0 ? errno : EIO  // taken before close() can change errno
                    break
                }
                offset += n
            }
            close(fd)
        }
        guard failure == 0 else {
            throw OperatorError.runtime("Failed to write \(url.path): \(String(cString: strerror(failure)))")
        }
    }
}
