import DigdagCore
import DigdagStorage
import Foundation

/// Builders of the values the conformance tests store.
enum Fixtures {
    /// A fixed instant (whole seconds) plus `seconds`.
    static func time(_ seconds: Double = 0) -> Date {
        Date(timeIntervalSince1970: 1_700_000_000 + seconds)
    }

    /// A revision of `project` with one workflow per name (config `{"+step":{"echo>":name}}`).
    static func revision(
        _ project: String, _ name: String, workflows: [String] = ["wf"], archive: Data = Data([1, 2, 3]),
        at seconds: Double = 0
    ) -> NewRevision {
        NewRevision(
            projectName: project, revisionName: name, archive: archive, archiveMD5: Data(repeating: 7, count: 16),
            defaultParams: ["z": 1, "a": ["k": "v"]], userInfo: ["user": "alice"],
            workflows: workflows.map { workflow in
                NewWorkflow(name: workflow, timeZone: "Asia/Tokyo", config: ["+step": ["echo>": .string(workflow)], "_export": ["b": 2, "a": 1]])
            },
            createdAt: time(seconds))
    }

    /// A task with only the required fields.
    static func task(_ id: Int64, parent: Int64?, _ name: String, state: TaskState = .blocked, isGroup: Bool = false)
        -> AttemptTask
    {
        AttemptTask(
            id: id, parentId: parent, fullName: name, upstreamIds: [], isGroup: isGroup,
            localConfig: ["echo>": .string(name)], exportConfig: [:], state: state, flags: [.initialTask])
    }

    /// A root group and `count` children.
    static func tasks(_ count: Int = 2) -> [AttemptTask] {
        [task(1, parent: nil, "+wf", state: .planned, isGroup: true)]
            + (0..<count).map { task(Int64($0 + 2), parent: 1, "+wf+t\($0)") }
    }

    /// An attempt of `workflow` in `projectId` at `sessionTime` (epoch seconds).
    static func attempt(
        projectId: Int, workflow: String = "wf", definitionId: Int64?, sessionTime: Int64 = 1_700_000_000,
        name: String? = nil, tasks: [AttemptTask] = tasks(), at seconds: Double = 0, owner: String? = nil,
        leaseUntil: Date? = nil
    ) -> NewAttempt {
        NewAttempt(
            projectId: projectId, workflowName: workflow, workflowDefinitionId: definitionId, sessionTime: sessionTime,
            timeZone: "Asia/Tokyo", retryAttemptName: name, params: ["p": "v", "a": 1], tasks: tasks,
            createdAt: time(seconds), owner: owner, leaseUntil: leaseUntil)
    }

    /// Pushes a project with workflow `wf` and returns the project and the workflow definition.
    static func project(_ store: any DigdagStorage, _ name: String = "proj", workflows: [String] = ["wf"]) async throws
        -> (StoredProject, StoredWorkflow)
    {
        let project = try await store.putRevision(revision(name, "r1", workflows: workflows))
        let workflow = try await store.workflows(revisionId: project.latestRevision!.id)[0]
        return (project, workflow)
    }

    /// The created attempt of `creation`, failing on a conflict.
    static func created(_ creation: AttemptCreation) throws -> StoredAttempt {
        guard case .created(let attempt) = creation else { throw FixtureError("expected a new attempt, got \(creation)") }
        return attempt
    }
}

/// A fixture expectation that did not hold.
struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
