import Foundation

/// A project archive could not be built, read or extracted: an opaque code, Digdag's message and
/// the underlying cause. Every code but ``Code/fileSystem`` is the client's fault (REST 400).
public struct ProjectArchiveError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        /// The input does not start with the gzip magic bytes.
        public static let notGzip = Code(name: "notGzip")
        /// The gzip stream is damaged or ends early.
        public static let corruptedGzip = Code(name: "corruptedGzip")
        /// A tar header is damaged, or the tar stream ends inside an entry.
        public static let invalidTar = Code(name: "invalidTar")
        /// One entry is larger than the per-entry limit.
        public static let entryTooLarge = Code(name: "entryTooLarge")
        /// The entries together are larger than the total limit.
        public static let archiveTooLarge = Code(name: "archiveTooLarge")
        /// An entry's path is absolute or escapes the destination (`..`), or goes through a symlink.
        public static let invalidEntry = Code(name: "invalidEntry")
        /// A symlink entry points outside the destination.
        public static let invalidSymlink = Code(name: "invalidSymlink")
        /// `digdag push`/`archive`: a symlink in the project points outside it.
        public static let outgoingSymlink = Code(name: "outgoingSymlink")
        /// Reading or writing local files failed.
        public static let fileSystem = Code(name: "fileSystem")

        public var description: String { name }
    }

    /// The failure kind.
    public var code: Code
    /// A message for people (Digdag's text where Digdag has one).
    public var message: String
    /// The underlying error's description, if any.
    public var cause: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, cause: String? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String { cause.map { "\(message): \($0)" } ?? message }

    /// A file-system failure on `path` with the C `errno` text as the cause.
    static func fileSystem(_ action: String, _ path: String, errno code: Int32) -> ProjectArchiveError {
        ProjectArchiveError(.fileSystem, "Failed to \(action) \(path)", cause: String(cString: strerror(code)))
    }
}
