import Foundation

extension AttemptState {
    /// Applies every state change that follows from the current states, until nothing changes:
    /// planned tasks whose children are done finish, blocked tasks whose parent and upstreams
    /// allow it become ready (groups become planned), and waiting tasks whose time has come
    /// become ready (groups are recreated for a group retry). Returns true if anything changed.
    @discardableResult
    public mutating func propagate(now: Date) -> Bool {
        var anyChange = fireSlaIfDue(now: now)
        while true {
            var changed = false
            changed = propagatePlannedToDone(now: now) || changed
            changed = propagateBlockedToReady(now: now) || changed
            changed = wakeWaitingTasks(now: now) || changed
            if !changed { return anyChange }
            anyChange = true
        }
    }

    private func state(of id: Int64) -> TaskState { tasks[Int(id - 1)].state }

    private func upstreamsSucceeded(_ index: Int) -> Bool {
        tasks[index].upstreamIds.allSatisfy { state(of: $0) == .success }
    }

    private func isAnyProgressibleChild(_ id: Int64) -> Bool {
        children(of: id).contains { childId in
            let childState = state(of: childId)
            return childState.isProgressing || (childState == .blocked && upstreamsSucceeded(Int(childId - 1)))
        }
    }

    /// Errors among children, counting only the newest copy of each name (group retries).
    private func isAnyErrorChild(_ id: Int64) -> Bool {
        var newest: [String: Int64] = [:]
        for childId in children(of: id) { newest[tasks[Int(childId - 1)].fullName] = childId }
        return newest.values.contains { state(of: $0).isError }
    }

    private mutating func propagateBlockedToReady(now: Date) -> Bool {
        var changed = false
        for i in tasks.indices where tasks[i].state == .blocked {
            guard let parent = tasks[i].parentId, state(of: parent).canRunChildren, upstreamsSucceeded(i)
            else { continue }
            if tasks[i].isGroup {
                tasks[i].state = .planned
            } else if tasks[i].flags.contains(.cancelRequested) {
                tasks[i].state = .canceled
            } else {
                tasks[i].state = .ready
            }
            tasks[i].updatedAt = now
            changed = true
        }
        return changed
    }

    private mutating func wakeWaitingTasks(now: Date) -> Bool {
        var changed = false
        for i in tasks.indices {
            let state = tasks[i].state
            guard state == .retryWaiting || state == .groupRetryWaiting,
                let at = tasks[i].retryAt, at <= now
            else { continue }
            tasks[i].retryAt = nil
            tasks[i].updatedAt = now
            if state == .groupRetryWaiting {
                recreateChildrenForRetry(i)
                tasks[i].state = .planned
            } else {
                tasks[i].state = .ready
            }
            changed = true
        }
        return changed
    }

    private mutating func propagatePlannedToDone(now: Date) -> Bool {
        var changed = false
        // Children have larger ids than parents: walking backwards finishes inner groups first.
        for i in tasks.indices.reversed() where tasks[i].state == .planned {
            let id = tasks[i].id
            if isAnyProgressibleChild(id) { continue }
            changed = true
            let flags = tasks[i].flags
            if flags.contains(.cancelRequested) {
                cancelBlockedDescendants(of: id, now: now)
                setDone(i, .canceled, now)
            } else if flags.contains(.delayedError) {
                setDone(i, .error, now)
            } else if flags.contains(.delayedGroupError) {
                setDone(i, .groupError, now)
            } else if isAnyErrorChild(id) {
                failGroup(i, now: now)
            } else {
                setDone(i, .success, now)
            }
        }
        return changed
    }

    /// A killed group ends its tasks that can no longer start (blocked behind a canceled
    /// upstream) as canceled too, so a killed attempt has no task left `blocked`. Digdag leaves them
    /// blocked; its users read that as still pending.
    private mutating func cancelBlockedDescendants(of id: Int64, now: Date) {
        for childId in descendants(of: id) {
            let c = Int(childId - 1)
            if tasks[c].state == .blocked, tasks[c].flags.contains(.cancelRequested) { setDone(c, .canceled, now) }
        }
    }

    private mutating func failGroup(_ i: Int, now: Date) {
        switch RetryPolicy.read(tasks[i].mergedConfig, stateParams: tasks[i].stateParams, enabledByDefault: false) {
        case .success(let policy) where policy.shouldRetry:
            tasks[i].state = .groupRetryWaiting
            tasks[i].stateParams = policy.nextStateParams
            tasks[i].retryAt = now.addingTimeInterval(TimeInterval(policy.nextInterval))
            tasks[i].updatedAt = now
            return
        case .failure:
            notices.append(.invalidRetry(taskName: tasks[i].fullName))
        default:
            break
        }
        var added = false
        if tasks[i].parentId == nil {
            let alert: Config = ["_type": "notify", "_command": "Workflow session attempt failed"]
            added = (try? addGenerated(
                under: tasks[i].id, name: "^failure-alert", config: alert, upstreams: [], initial: false,
                limited: false)) != nil
        }
        if addErrorTask(i, error: collectErrorParams(i), stores: descendantStores(i)) { added = true }
        if added {
            tasks[i].flags.insert(.delayedGroupError)
            tasks[i].updatedAt = now
        } else {
            setDone(i, .groupError, now)
        }
    }

    /// The `error` object of a failed group: every descendant's error merged in id order.
    /// (Digdag also merges the descendants' store params into the error task's export.)
    private func collectErrorParams(_ i: Int) -> Config {
        var error: Config = [:]
        for id in descendants(of: tasks[i].id) {
            if let e = tasks[Int(id - 1)].error { error.deepMerge(e) }
        }
        return error
    }

    /// The store params of all descendants, applied in id order (Digdag exports them to a
    /// group's `^error` task).
    private func descendantStores(_ i: Int) -> Config {
        var params: Config = [:]
        for id in descendants(of: tasks[i].id).sorted() { tasks[Int(id - 1)].applyStore(to: &params) }
        return params
    }

    /// All descendants of a task, depth-first in id order.
    public func descendants(of id: Int64) -> [Int64] {
        var out: [Int64] = []
        func walk(_ parent: Int64) {
            for child in children(of: parent) {
                out.append(child)
                walk(child)
            }
        }
        walk(id)
        return out
    }

    /// Group retry: copies the initial children of task `i` as new blocked tasks with the same
    /// names and dependencies.
    private mutating func recreateChildrenForRetry(_ i: Int) {
        let parentId = tasks[i].id
        var newest: [String: Int64] = [:]
        var order: [String] = []
        for id in descendants(of: parentId) where task(id).flags.contains(.initialTask) {
            if newest[task(id).fullName] == nil { order.append(task(id).fullName) }
            newest[task(id).fullName] = id
        }
        var oldToNew: [Int64: Int64] = [:]
        for name in order {
            guard let oldId = newest[name] else { continue }
            let old = task(oldId)
            guard let oldParent = old.parentId else { continue }
            let newParent = oldParent == parentId ? parentId : oldToNew[oldParent]
            guard let newParent else { continue }
            let newId = Int64(tasks.count + 1)
            oldToNew[oldId] = newId
            var copy = AttemptTask(
                id: newId, parentId: newParent, fullName: old.fullName, upstreamIds: [], isGroup: old.isGroup,
                localConfig: old.localConfig, exportConfig: old.exportConfig, state: .blocked, flags: [.initialTask])
            copy.upstreamIds = old.upstreamIds.compactMap { oldToNew[$0] }
            tasks.append(copy)
            childrenByParent[newParent, default: []].append(newId)
        }
    }
}
