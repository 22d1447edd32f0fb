import DigdagCore
import DigdagStorage
import Foundation
import Testing

@Suite("ProjectStore conformance")
struct ProjectStoreTests {
    @Test(arguments: Backend.allCases)
    func putListGetDeleteProject(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let first = try await store.putRevision(Fixtures.revision("first", "r1", at: 0))
            #expect(first.name == "first")
            #expect(first.createdAt == Fixtures.time(0))
            #expect(first.deletedAt == nil)
            let revision = try #require(first.latestRevision)
            #expect(revision.name == "r1")
            #expect(revision.projectId == first.id)
            #expect(revision.archiveType == "db")
            #expect(revision.archiveMD5 == Data(repeating: 7, count: 16))
            #expect(revision.defaultParams == ["z": 1, "a": ["k": "v"]])
            #expect(Array(revision.defaultParams.keys) == ["z", "a"])
            #expect(revision.userInfo == ["user": "alice"])

            let second = try await store.putRevision(Fixtures.revision("second", "r1", at: 10))
            let again = try await store.putRevision(Fixtures.revision("first", "r2", at: 20))
            #expect(again.id == first.id)
            #expect(again.createdAt == Fixtures.time(0))
            #expect(again.latestRevision?.name == "r2")
            #expect(again.latestRevision?.createdAt == Fixtures.time(20))

            #expect(try await store.projects(afterId: nil, limit: 100, namePattern: nil).map(\.name) == ["first", "second"])
            #expect(try await store.projects(afterId: first.id, limit: 100, namePattern: nil).map(\.id) == [second.id])
            #expect(try await store.projects(afterId: nil, limit: 1, namePattern: nil).map(\.id) == [first.id])
            #expect(try await store.project(id: first.id) == again)
            #expect(try await store.project(named: "second") == second)
            #expect(try await store.project(named: "third") == nil)
            #expect(try await store.project(id: 999) == nil)

            let deleted = try await store.deleteProject(id: first.id, now: Fixtures.time(30))
            #expect(deleted == again)
            #expect(try await store.project(named: "first") == nil)
            let gone = try #require(try await store.project(id: first.id))
            #expect(gone.name == "first")
            #expect(gone.deletedAt == Fixtures.time(30))
            #expect(try await store.projects(afterId: nil, limit: 100, namePattern: nil).map(\.name) == ["second"])
            #expect(try await store.deleteProject(id: 999, now: Fixtures.time(40)) == nil)
            #expect(try await store.deleteProject(id: first.id, now: Fixtures.time(40))?.deletedAt == Fixtures.time(30))

            // A deleted project's name makes a new project.
            let reborn = try await store.putRevision(Fixtures.revision("first", "r1", at: 50))
            #expect(reborn.id != first.id)
            #expect(try await store.project(named: "first")?.id == reborn.id)
        }
    }

    @Test(arguments: Backend.allCases)
    func duplicateRevisionIsAConflictAndStoresNothing(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let project = try await store.putRevision(Fixtures.revision("proj", "r1", workflows: ["a"]))
            let error = await #expect(throws: StoreError.self) {
                try await store.putRevision(Fixtures.revision("proj", "r1", workflows: ["b"], archive: Data([9])))
            }
            #expect(error?.code == .conflict)
            #expect(error?.message == "Resource already exists: revision=r1 in project id=\(project.id)")
            #expect(try await store.revisions(projectId: project.id, limit: 100).map(\.name) == ["r1"])
            let revisionId = try #require(project.latestRevision?.id)
            #expect(try await store.workflows(revisionId: revisionId).map(\.name) == ["a"])
            #expect(try await store.archive(revisionId: revisionId) == Data([1, 2, 3]))

            // A failure inside the transaction of a new project leaves no project behind.
            let broken = await #expect(throws: StoreError.self) {
                try await store.putRevision(Fixtures.revision("fresh", "r1", workflows: ["x", "x"]))
            }
            #expect(broken?.code == .conflict)
            #expect(try await store.project(named: "fresh") == nil)
            #expect(try await store.projects(afterId: nil, limit: 100, namePattern: nil).map(\.name) == ["proj"])
        }
    }

    @Test(arguments: Backend.allCases)
    func namePatternIsALiteralCaseSensitiveSubstring(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            for name in ["a_b", "axb", "a%c", "abc", "ABC", "a\\d"] {
                _ = try await store.putRevision(Fixtures.revision(name, "r1"))
            }
            func names(_ pattern: String?) async throws -> [String] {
                try await store.projects(afterId: nil, limit: 100, namePattern: pattern).map(\.name)
            }
            #expect(try await names("_") == ["a_b"])
            #expect(try await names("%") == ["a%c"])
            #expect(try await names("\\") == ["a\\d"])
            #expect(try await names("b") == ["a_b", "axb", "abc"])
            #expect(try await names("B") == ["ABC"])
            #expect(try await names("") == ["a_b", "axb", "a%c", "abc", "ABC", "a\\d"])
            #expect(try await names(nil).count == 6)
        }
    }

    @Test(arguments: Backend.allCases)
    func revisionsArchivesAndWorkflows(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let archive = Data((0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
            let project = try await store.putRevision(
                Fixtures.revision("proj", "r1", workflows: ["b", "a"], archive: archive, at: 0))
            _ = try await store.putRevision(Fixtures.revision("proj", "r2", workflows: ["a"], archive: Data(), at: 5))
            let revisions = try await store.revisions(projectId: project.id, limit: 100)
            #expect(revisions.map(\.name) == ["r2", "r1"])
            #expect(try await store.revisions(projectId: project.id, limit: 1).map(\.name) == ["r2"])
            let r1 = try #require(try await store.revision(projectId: project.id, name: "r1"))
            #expect(r1 == project.latestRevision)
            #expect(try await store.revision(projectId: project.id, name: "r3") == nil)
            #expect(try await store.archive(revisionId: r1.id) == archive)
            #expect(try await store.archive(revisionId: revisions[0].id) == Data())
            #expect(try await store.archive(revisionId: 999) == nil)

            let workflows = try await store.workflows(revisionId: r1.id)
            #expect(workflows.map(\.name) == ["b", "a"])
            let b = workflows[0]
            #expect(b.projectId == project.id)
            #expect(b.projectName == "proj")
            #expect(b.revisionId == r1.id)
            #expect(b.revisionName == "r1")
            #expect(b.timeZone == "Asia/Tokyo")
            #expect(b.config == ["+step": ["echo>": "b"], "_export": ["b": 2, "a": 1]])
            #expect(Array(b.config.keys) == ["+step", "_export"])
            #expect(Array(b.config["_export"]?.objectValue?.keys ?? []) == ["b", "a"])
            #expect(try await store.workflow(id: b.id) == b)
            #expect(try await store.workflow(id: 999_999) == nil)
        }
    }

    @Test(arguments: Backend.allCases)
    func latestWorkflowsOfLiveProjects(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let p1 = try await store.putRevision(Fixtures.revision("alpha", "r1", workflows: ["a", "b"]))
            _ = try await store.putRevision(Fixtures.revision("beta", "r1", workflows: ["x_1"]))
            _ = try await store.putRevision(Fixtures.revision("alpha", "r2", workflows: ["a", "c"]))
            let gone = try await store.putRevision(Fixtures.revision("gone", "r1", workflows: ["a"]))
            _ = try await store.deleteProject(id: gone.id, now: Fixtures.time(1))

            func latest(
                after: Int64? = nil, limit: Int = 100, ascending: Bool = true, pattern: String? = nil,
                searchProject: Bool = false
            ) async throws -> [String] {
                try await store.latestWorkflows(
                    afterId: after, limit: limit, ascending: ascending, namePattern: pattern,
                    searchProjectName: searchProject
                ).map { "\($0.projectName)/\($0.name)@\($0.revisionName)" }
            }
            #expect(try await latest() == ["beta/x_1@r1", "alpha/a@r2", "alpha/c@r2"])
            #expect(try await latest(ascending: false) == ["alpha/c@r2", "alpha/a@r2", "beta/x_1@r1"])
            #expect(try await latest(limit: 2) == ["beta/x_1@r1", "alpha/a@r2"])
            let all = try await store.latestWorkflows(
                afterId: nil, limit: 100, ascending: true, namePattern: nil, searchProjectName: false)
            #expect(all.allSatisfy { $0.projectId != gone.id })
            #expect(all.filter { $0.projectId == p1.id }.count == 2)
            #expect(try await latest(after: all[0].id) == ["alpha/a@r2", "alpha/c@r2"])
            #expect(try await latest(after: all[2].id, ascending: false) == ["alpha/a@r2", "beta/x_1@r1"])
            #expect(try await latest(pattern: "a") == ["alpha/a@r2"])
            #expect(try await latest(pattern: "_") == ["beta/x_1@r1"])
            #expect(try await latest(pattern: "alp") == [])
            #expect(try await latest(pattern: "alp", searchProject: true) == ["alpha/a@r2", "alpha/c@r2"])
            #expect(try await latest(pattern: "c", searchProject: true) == ["alpha/c@r2"])
        }
    }
}
