import Foundation

/// An open file descriptor used as an archive source or sink; closed on deinit.
package final class ArchiveFile: ArchiveByteSource, ArchiveByteSink {
    let descriptor: Int32
    /// The path the file was opened at (for messages).
    let path: String

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    deinit { close(descriptor) }

    /// Opens an existing file for reading; with `followSymlink` false, a symlink at `path` fails.
    package static func openForReading(
        _ path: String, followSymlink: Bool = true
    ) throws(ProjectArchiveError) -> ArchiveFile {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | (followSymlink ? 0 : O_NOFOLLOW))
        guard descriptor >= 0 else { throw .fileSystem("open", path, errno: errno) }
        return ArchiveFile(descriptor: descriptor, path: path)
    }

    /// Creates (or truncates) a file for writing without following a symlink at `path`. With
    /// `permissions`, exactly those bits are set (the umask does not apply); without, the file
    /// gets 0666 less the umask.
    package static func create(_ path: String, permissions: mode_t? = nil) throws(ProjectArchiveError) -> ArchiveFile {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, permissions ?? 0o666)
        guard descriptor >= 0 else { throw .fileSystem("create", path, errno: errno) }
        let file = ArchiveFile(descriptor: descriptor, path: path)
        if let permissions, fchmod(descriptor, permissions) != 0 {
            throw .fileSystem("set permissions of", path, errno: errno)
        }
        return file
    }

    package func read(into buffer: UnsafeMutableRawBufferPointer) throws(ProjectArchiveError) -> Int {
        guard buffer.count > 0 else { return 0 }
        while true {
            let count = Foundation.read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno != EINTR { throw .fileSystem("read", path, errno: errno) }
        }
    }

    package func write(_ bytes: UnsafeRawBufferPointer) throws(ProjectArchiveError) {
        var offset = 0
        while offset < bytes.count {
            let count = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                throw .fileSystem("write", path, errno: errno)
            }
            offset += count
        }
    }
}

extension ArchiveFile {
    /// The open file's device and inode, if `fstat` succeeds.
    var fileID: ProjectTreeWalker.FileID? {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        return ProjectTreeWalker.fileID(info)
    }
}
