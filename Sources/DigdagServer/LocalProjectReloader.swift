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
        var lastSignature: [String] = []
        while !Task.isShuttingDownGracefully {
            do {
                let builder = ProjectArchiveBuilder(projectDirectory: directory)
                // Paths, sizes and modification times: no file is read unless something changed.
                let signature = try signature(of: builder.contents())
                if signature != lastSignature {
                    let archive = try builder.build()
                    let revision = UUID().uuidString.lowercased()
                    _ = try await ProjectUpload(context: context).store(
                        Data(archive.bytes), projectName: "default", revisionName: revision, scheduleFrom: nil)
                    context.logger.info("Loaded project \(directory.path) as revision \(revision)")
                    lastSignature = signature
                }
            } catch let error as APIError {
                context.logger.error("Failed to load project \(directory.path): \(error.message)")
            } catch {
                context.logger.error("Failed to load project \(directory.path): \(error)")
            }
            try? await Task.sleep(for: interval)
        }
    }

    private func signature(of contents: ProjectArchiveContents) -> [String] {
        contents.entries.map { entry in
            let attributes = try? FileManager.default.attributesOfItem(
                atPath: directory.appendingPathComponent(entry.path).path)
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "\(entry.path)|\(entry.symlinkTarget ?? "")|\(entry.size)|\(entry.mode)|\(modified)"
        }
    }
}
