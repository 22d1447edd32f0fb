import Foundation

/// An attempt's workspace on this node: the revision's archive, fetched and extracted into its
/// directory when the first task that reads project files asks for it, once, however many tasks
/// ask at the same time. Attempts of echo>, if>, for_each> and the like never create it (on a
/// disk that just deleted many files each new inode is costly, and the archive is a query).
actor ArchiveWorkspace: ProjectFiles {
    /// Where the files go (`workspaceRoot/attempt-<id>`).
    nonisolated let directory: URL
    private let load: @Sendable () async throws -> Data?
    private let extract: @Sendable (Data, URL) throws -> Void
    private var extraction: Task<Void, any Error>?

    /// A workspace filled from `load` (nil: the revision has no archive) by `extract`.
    init(
        directory: URL, load: @escaping @Sendable () async throws -> Data?,
        extract: @escaping @Sendable (Data, URL) throws -> Void
    ) {
        self.directory = directory
        self.load = load
        self.extract = extract
    }

    func prepare() async throws {
        if let extraction { return try await extraction.value }
        let (directory, load, extract) = (self.directory, self.load, self.extract)
        let task = Task {
            let files = FileManager.default
            try? files.removeItem(at: directory)
            try files.createDirectory(at: directory, withIntermediateDirectories: true)
            do {
                if let archive = try await load() { try extract(archive, directory) }
            } catch {
                try? files.removeItem(at: directory)
                throw error
            }
        }
        extraction = task
        try await task.value
    }
}
