import DigdagCore
import DigdagProject
import DigdagStorage
import Foundation
import Logging
import Testing

@testable import DigdagRuntime

/// A task run's last log piece joins the node's group commit of task states (server attempts):
/// it is stored with the state save that follows it, or alone when none comes.
@Suite("Task logs in the group commit")
struct TaskLogGroupCommitTests {
    /// An uploader whose own loop is not running, and a writer of task `+wf+t` through it.
    static func writer(_ store: any DigdagStorage, attemptId: Int64) -> (LogUploader, StorageTaskLogWriter) {
        let uploader = LogUploader(storage: store, logger: Logger(label: "test"))
        let writer = StorageTaskLogWriter(
            uploader: uploader, attemptId: attemptId, taskName: "+wf+t", agentId: "node-a", flushInterval: 60, copy: nil)
        return (uploader, writer)
    }

    @Test(arguments: Backend.allCases)
    func theLastLogPieceIsStoredWithTheNextStateSave(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let (project, workflow) = try await Fixtures.project(store)
            let attempt = try Fixtures.created(
                try await store.createAttempt(
                    Fixtures.attempt(
                        projectId: project.id, definitionId: workflow.id, name: "a", owner: "node-a",
                        leaseUntil: Fixtures.time(10))))
            // The uploader's own loop never runs here: only the group commit can store the piece.
            let (uploader, writer) = Self.writer(store, attemptId: attempt.id)
            writer.append("hello\n")
            await writer.closeBeforeStateWrite()
            var task = try await store.tasks(attemptId: attempt.id)[1].task
            task.state = .success
            let saved = await uploader.stateWrites.save(
                TaskSave(attemptId: attempt.id, changed: [task], finish: nil, lease: nil))
            #expect(try saved.get())
            let files = try await store.logFiles(attemptId: attempt.id, taskPrefix: nil)
            #expect(files.map(\.taskName) == ["+wf+t"])
            let data = try #require(try await store.logFile(attemptId: attempt.id, fileName: files[0].fileName))
            #expect(Gzip.decompress([UInt8](data)) == Array("hello\n".utf8))
        }
    }

    @Test func aPieceNoStateSaveTakesIsStoredAlone() async throws {
        try await withStore(.sqliteInMemory) { store in
            let (project, workflow) = try await Fixtures.project(store)
            let attempt = try Fixtures.created(
                try await store.createAttempt(Fixtures.attempt(projectId: project.id, definitionId: workflow.id, name: "a")))
            let (_, writer) = Self.writer(store, attemptId: attempt.id)
            writer.append("alone\n")
            await writer.closeBeforeStateWrite()
            let deadline = Date().addingTimeInterval(10)
            while try await store.logFiles(attemptId: attempt.id, taskPrefix: nil).isEmpty, Date() < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(try await store.logFiles(attemptId: attempt.id, taskPrefix: nil).map(\.taskName) == ["+wf+t"])
        }
    }
}
