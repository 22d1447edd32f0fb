import DigdagCore
import DigdagProject
import DigdagServer
import DigdagStorage
import Foundation

/// Uploaded archives: checked against the size limits and path rules, extracted to a scratch
/// directory and loaded exactly as `digdag run` loads a project; nothing is stored on error.
struct ServerArchives: ArchiveLoader {
    /// `api.max_archive_file_count`.
    var maxEntries = ProjectArchiveExtractor.Limits.defaultMaxEntries

    func load(_ archive: Data, maxSize: Int) throws(APIError) -> LoadedArchive {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("digdag-upload-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        // Messages name files relative to the project, not the server's scratch directory.
        let clean = { (message: String) in message.replacingOccurrences(of: scratch.path + "/", with: "") }
        do {
            try ProjectArchiveExtractor(
                limits: .server(maxArchiveTotalSize: Int64(maxSize), maxEntries: maxEntries), messages: .server
            ).extract(Array(archive), into: scratch)
        } catch {
            throw APIError.badRequest(clean(error.message))
        }
        let project: LoadedProject
        do {
            project = try ProjectLoader.load(projectDirectory: scratch)
        } catch {
            throw APIError.badRequest(clean(error.message))
        }
        var workflows: [NewWorkflow] = []
        for file in project.workflows.sorted(by: { $0.name < $1.name }) {
            do {
                _ = try WorkflowCompiler().compileWorkflow(name: file.name, config: file.definitionConfig)
            } catch {
                throw APIError.badRequest(clean(error.message))
            }
            workflows.append(NewWorkflow(name: file.name, timeZone: file.timeZone, config: file.definitionConfig))
        }
        return LoadedArchive(workflows: workflows)
    }

    /// Extracts a stored revision's archive for an attempt's tasks.
    static func extract(_ archive: Data, into directory: URL) throws {
        try ProjectArchiveExtractor().extract(Array(archive), into: directory)
    }
}
