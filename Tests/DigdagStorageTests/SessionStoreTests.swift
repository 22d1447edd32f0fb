import DigdagCore
import DigdagStorage
import Foundation
import Testing

@Suite("SessionStore conformance: sessions and attempts")
struct SessionStoreTests {
    @Test(arguments: Backend.allCases)
    func createAttemptFindsOrCreatesTheSession(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let (project, workflow) = try await Fixtures.project(store)
            let first = try Fixtures.created(
                try await store.createAttempt(Fixtures.attempt(projectId: project.id, definitionId: workflow.id, at: 1)))
            #expect(first.index == 1)
            #expect(first.projectId == project.id)
            #expect(first.projectName == "proj")
            #expect(first.workflowName == "wf")
            #expect(first.workflowDefinitionId == workflow.id)
            #expect(first.sessionTime == 1_700_000_000)
            #expect(first.timeZone == "Asia/Tokyo")
            #expect(first.retryAttemptName == nil)
            #expect(first.flags == [])
            #expect(first.params == ["p": "v", "a": 1])
            #expect(Array(first.params.keys) == ["p", "a"])
            #expect(first.createdAt == Fixtures.time(1))
            #expect(first.finishedAt == nil)
            #expect(try await store.attempt(id: first.id) == first)

            let retry = try Fixtures.created(
                try await store.createAttempt(
                    Fixtures.attempt(projectId: project.id, definitionId: workflow.id, name: "retry1", at: 2)))
            #expect(retry.index == 2)
            #expect(retry.sessionId == first.sessionId)
            #expect(retry.sessionUUID == first.sessionUUID)
            #expect(retry.retryAttemptName == "retry1")

            let again = try await store.createAttempt(
                Fixtures.attempt(projectId: project.id, definitionId: workflow.id, name: "retry1", at: 3))
            #expect(again == .conflict(retry))
            let defaultAgain = try await store.createAttempt(
                Fixtures.attempt(projectId: project.id, definitionId: workflow.id, at: 3))
            #expect(defaultAgain == .conflict(first))

            let session = try #require(try await store.session(id: first.sessionId))
            #expect(session.projectId == project.id)
            #expect(session.projectName == "proj")
            #expect(session.workflowName == "wf")
            #expect(session.sessionUUID == first.sessionUUID)
            #expect(session.sessionTime == 1_700_000_000)
            #expect(session.lastAttempt == retry)
            #expect(try await store.session(id: 999_999) == nil)

            let other = try Fixtures.created(
                try await store.createAttempt(
                    Fixtures.attempt(projectId: project.id, definitionId: nil, sessionTime: 1_700_003_600, at: 4)))
            #expect(other.index == 1)
            #expect(other.sessionId != first.sessionId)
            #expect(other.sessionUUID != first.sessionUUID)
            #expect(other.workflowDefinitionId == nil)
            #expect(try await store.activeAttemptCount() == 3)
        }
    }

    @Test(arguments: Backend.allCases)
    func attemptListingsFilterAndPage(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let (p1, w1) = try await Fixtures.project(store, "one", workflows: ["wf", "other"])
            let (p2, w2) = try await Fixtures.project(store, "two")
            let a1 = try Fixtures.created(try await store.createAttempt(Fixtures.attempt(projectId: p1.id, definitionId: w1.id)))
            let a2 = try Fixtures.created(
                try await store.createAttempt(Fixtures.attempt(projectId: p1.id, definitionId: w1.id, name: "again")))
            let a3 = try Fixtures.created(
                try await store.createAttempt(Fixtures.attempt(projectId: p1.id, workflow: "other", definitionId: nil)))
            let a4 = try Fixtures.created(try await store.createAttempt(Fixtures.attempt(projectId: p2.id, definitionId: w2.id)))

            func ids(_ query: ListQuery, retried: Bool) async throws -> [Int64] {
                try await store.attempts(query, includeRetried: retried).map(\.id)
            }
            #expect(try await ids(ListQuery(), retried: false) == [a4.id, a3.id, a2.id])
            #expect(try await ids(ListQuery(), retried: true) == [a4.id, a3.id, a2.id, a1.id])
            #expect(try await ids(ListQuery(limit: 2), retried: true) == [a4.id, a3.id])
            #expect(try await ids(ListQuery(beforeId: a3.id, limit: 2), retried: true) == [a2.id, a1.id])
            #expect(try await ids(ListQuery(beforeId: a3.id), retried: false) == [a2.id])
            #expect(try await ids(ListQuery(projectId: p1.id), retried: true) == [a3.id, a2.id, a1.id])
            #expect(try await ids(ListQuery(projectId: p1.id, workflowName: "wf"), retried: true) == [a2.id, a1.id])
            #expect(try await ids(ListQuery(projectId: p1.id, workflowName: "wf"), retried: false) == [a2.id])
            #expect(try await ids(ListQuery(projectId: p2.id), retried: false) == [a4.id])

            let retries = try await store.attempts(sessionId: a1.sessionId, beforeId: nil, limit: 100)
            #expect(retries.map(\.id) == [a2.id, a1.id])
            #expect(try await store.attempts(sessionId: a1.sessionId, beforeId: a2.id, limit: 100).map(\.id) == [a1.id])
            #expect(try await store.attempts(sessionId: a1.sessionId, beforeId: nil, limit: 1).map(\.id) == [a2.id])

            let sessions = try await store.sessions(ListQuery())
            #expect(sessions.map(\.id) == [a4.sessionId, a3.sessionId, a1.sessionId])
            #expect(sessions.map { $0.lastAttempt?.id } == [a4.id, a3.id, a2.id])
            #expect(try await store.sessions(ListQuery(limit: 1)).map(\.id) == [a4.sessionId])
            #expect(try await store.sessions(ListQuery(beforeId: a3.sessionId)).map(\.id) == [a1.sessionId])
            #expect(try await store.sessions(ListQuery(projectId: p1.id)).map(\.id) == [a3.sessionId, a1.sessionId])
            #expect(try await store.sessions(ListQuery(projectId: p1.id, workflowName: "other")).map(\.id) == [a3.sessionId])
        }
    }

    @Test(arguments: Backend.allCases)
    func attemptStartFactsNameTheWorkflowItsProjectsDeletionAndTheActiveAttempts(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let (project, workflow) = try await Fixtures.project(store)
            #expect(try await store.attemptStartFacts(workflowId: workflow.id + 1000) == nil)
            let fresh = try #require(try await store.attemptStartFacts(workflowId: workflow.id))
            #expect(fresh.workflow == workflow)
            #expect(fresh.projectDeletedAt == nil)
            #expect(fresh.activeAttempts == 0)
            _ = try await store.createAttempt(Fixtures.attempt(projectId: project.id, definitionId: workflow.id))
            _ = try await store.deleteProject(id: project.id, now: Fixtures.time(9))
            let later = try #require(try await store.attemptStartFacts(workflowId: workflow.id))
            #expect(later.projectDeletedAt == Fixtures.time(9))
            #expect(later.activeAttempts == 1)
        }
    }

    @Test(arguments: Backend.allCases)
    func deletedProjectsKeepSessionsUnderTheirOldName(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let (project, workflow) = try await Fixtures.project(store)
            let attempt = try Fixtures.created(
                try await store.createAttempt(Fixtures.attempt(projectId: project.id, definitionId: workflow.id)))
            _ = try await store.deleteProject(id: project.id, now: Fixtures.time(9))
            #expect(try await store.attempt(id: attempt.id)?.projectName == "proj")
            #expect(try await store.session(id: attempt.sessionId)?.projectName == "proj")
            #expect(try await store.sessions(ListQuery()).map(\.id) == [attempt.sessionId])
            #expect(try await store.attempts(ListQuery(), includeRetried: false).map(\.projectName) == ["proj"])
            #expect(try await store.workflow(id: workflow.id)?.projectName == "proj")
        }
    }

    @Test(arguments: Backend.allCases)
    func resumedResultsRoundTrip(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let (project, workflow) = try await Fixtures.project(store)
            var new = Fixtures.attempt(projectId: project.id, definitionId: workflow.id)
            new.resumedResults = [
                "+wf+b": TaskOutcome(storeParams: ["y": 2, "x": 1], resetStoreParams: ["old.key"]),
                "+wf+a": TaskOutcome(subtaskConfig: ["+sub": ["echo>": "hi"]], exportParams: ["e": true]),
                "+wf+c": TaskOutcome(),
            ]
            let attempt = try Fixtures.created(try await store.createAttempt(new))
            let results = try await store.resumedResults(attemptId: attempt.id)
            #expect(results == new.resumedResults)
            #expect(Array(results["+wf+b"]?.storeParams.keys ?? []) == ["y", "x"])
            let plain = try Fixtures.created(
                try await store.createAttempt(Fixtures.attempt(projectId: project.id, definitionId: nil, name: "plain")))
            #expect(try await store.resumedResults(attemptId: plain.id).isEmpty)
        }
    }

    @Test(arguments: Backend.allCases)
    func concurrentCreatesOfOneAttemptMakeOneAndConflictTheRest(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let (project, workflow) = try await Fixtures.project(store)
            let results = try await withThrowingTaskGroup(of: AttemptCreation.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        try await store.createAttempt(Fixtures.attempt(projectId: project.id, definitionId: workflow.id))
                    }
                }
                for index in 0..<4 {
                    group.addTask {
                        try await store.createAttempt(
                            Fixtures.attempt(projectId: project.id, definitionId: workflow.id, name: "retry\(index)"))
                    }
                }
                var all: [AttemptCreation] = []
                for try await result in group { all.append(result) }
                return all
            }
            var created: [StoredAttempt] = []
            var conflicts: [StoredAttempt] = []
            for result in results {
                switch result {
                case .created(let attempt): created.append(attempt)
                case .conflict(let attempt): conflicts.append(attempt)
                }
            }
            #expect(created.count == 5)
            #expect(conflicts.count == 5)
            #expect(Set(created.map(\.sessionId)).count == 1)
            #expect(created.map(\.index).sorted() == [1, 2, 3, 4, 5])
            let defaultAttempt = try #require(created.first { $0.retryAttemptName == nil })
            #expect(conflicts.allSatisfy { $0 == defaultAttempt })
            let session = try #require(try await store.session(id: defaultAttempt.sessionId))
            #expect(session.lastAttempt?.index == 5)
        }
    }
}
