/// What `putRevision` does to a project's schedule rows, shared by both stores so that they
/// match workflows by name the same way (see `ScheduleStore`).
package struct SchedulePlan: Sendable, Equatable {
    /// An existing row that keeps its id and `disabled_at` and is repointed to a new definition.
    package struct Update: Sendable, Equatable {
        /// Schedule id.
        package var id: Int
        /// The new revision's definition of the workflow.
        package var workflowDefinitionId: Int64
        /// The times to set.
        package var times: ScheduleTimes
    }

    /// A new row.
    package struct Insert: Sendable, Equatable {
        /// The new revision's definition of the workflow.
        package var workflowDefinitionId: Int64
        /// The times to set.
        package var times: ScheduleTimes
    }

    /// Ids of rows whose workflow has no schedule any more, ascending.
    package var deletes: [Int] = []
    /// Rows kept, in workflow order.
    package var updates: [Update] = []
    /// Rows created, in workflow order.
    package var inserts: [Insert] = []

    /// The plan for a revision whose workflows got `definitions` (name and id, in upload order),
    /// given the project's `existing` rows (id and workflow name) and the revision's `schedules`.
    /// Throws `notFound` when a schedule names a workflow the revision does not have.
    package init(
        existing: [(id: Int, workflowName: String)], definitions: [(name: String, id: Int64)],
        schedules: [String: ScheduleTimes]
    ) throws(StoreError) {
        let names = Set(definitions.map(\.name))
        for name in schedules.keys.sorted() where !names.contains(name) {
            throw StoreError(.notFound, "Resource does not exist: workflow=\(name) in the new revision")
        }
        var existingIds: [String: Int] = [:]
        for row in existing { existingIds[row.workflowName] = row.id }
        deletes = existing.filter { schedules[$0.workflowName] == nil }.map(\.id).sorted()
        for definition in definitions {
            guard let times = schedules[definition.name] else { continue }
            if let id = existingIds[definition.name] {
                updates.append(Update(id: id, workflowDefinitionId: definition.id, times: times))
            } else {
                inserts.append(Insert(workflowDefinitionId: definition.id, times: times))
            }
        }
    }
}
