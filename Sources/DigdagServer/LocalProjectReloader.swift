import DigdagCore
import DigdagProject
import DigdagStorage
import Foundation
import Logging
import ServiceLifecycle

/// `digdag scheduler`: keeps a project directory loaded as project `default`, re-reading it every
/// few seconds and storing a new revision whenever its archive changes (Digdag's
/// RevisionAutoReloader). A broken workflow is logged and the last good revision stays.
public struct LocalProjectReloader: Service {
    let context: ServerContext
    let directory: URL
    let interval: Duration

    /// Creates the reloader for `directory`.
    public init(context: ServerContext, directory: URL, interval: Duration = .seconds(2)) {
        self.context = context
        self.directory = directory
        self.interval = interval
    }

    public func run() async throws {
        var lastDigest: [UInt8] = []
        while !Task.isShuttingDownGracefully {
            do {
                let archive = try ProjectArchiveBuilder(projectDirectory: directory).build()
                let digest = archiveDigest(archive)
                if digest != lastDigest {
                    let revision = UUID().uuidString.lowercased()
                    _ = try await ProjectUpload(context: context).store(
                        Data(archive.bytes), projectName: "default", revisionName: revision, scheduleFrom: nil)
                    context.logger.info("Loaded project \(directory.path) as revision \(revision)")
                    lastDigest = digest
                }
            } catch let error as APIError {
                context.logger.error("Failed to load project \(directory.path): \(error.message)")
            } catch {
                context.logger.error("Failed to load project \(directory.path): \(error)")
            }
            try? await Task.sleep(for: interval)
        }
    }

    /// The file contents, not the gzip bytes (whose header carries times).
    private func archiveDigest(_ archive: ProjectArchiveBuilder.Archive) -> [UInt8] {
        Gzip.decompress(archive.bytes) ?? archive.bytes
    }
}
