extension AttemptState {
    /// The parameters a task sees before built-ins and its own keys (Digdag 0.10's walk):
    /// for each ancestor from the root, then the task itself, the store params of its upstream
    /// siblings and their descendants in id order, then the ancestor's exports and stores;
    /// finally the task's own `_export`. `base` holds the defaults (`-p`, session params).
    public mutating func collectParams(for id: Int64, base: Config) -> Config {
        var params = base
        let target = tasks[Int(id - 1)]
        var ancestors: [Int64] = []
        var cursor = target.parentId
        while let p = cursor {
            ancestors.insert(p, at: 0)
            cursor = tasks[Int(p - 1)].parentId
        }
        for node in ancestors + [id] {
            if let chain = upstreamChainStores(of: node) {
                params.deepMerge(chain)
            } else {
                applyUpstreamSiblings(of: node, to: &params)
            }
            if node != id {
                let ancestor = tasks[Int(node - 1)]
                params.deepMerge(ancestor.exportConfig)
                params.deepMerge(ancestor.exportParams)
                ancestor.applyStore(to: &params)
            }
        }
        params.deepMerge(target.exportConfig)
        return params
    }

    /// The stores of `id`'s upstream siblings as one object, for the common case of a chain of
    /// single upstreams (sequential groups), memoized per task so that a long sequence costs
    /// O(1) per task instead of O(position). Nil when the walk has several upstreams somewhere or
    /// a store resets keys: the caller then walks the siblings one by one.
    private mutating func upstreamChainStores(of id: Int64) -> Config? {
        var chain: [Int64] = []  // tasks whose contribution is still to compute, nearest first
        var cursor = id
        var base: Config
        while true {
            if let cached = chainStoreCache[cursor] {
                base = cached
                break
            }
            let upstreams = tasks[Int(cursor - 1)].upstreamIds
            if upstreams.isEmpty {
                chainStoreCache[cursor] = [:]
                base = [:]
                break
            }
            guard upstreams.count == 1 else { return nil }
            chain.append(cursor)
            cursor = upstreams[0]
        }
        for node in chain.reversed() {
            let upstream = tasks[Int(node - 1)].upstreamIds[0]
            for contributor in [upstream] + (childrenByParent[upstream] == nil ? [] : descendants(of: upstream)) {
                let task = tasks[Int(contributor - 1)]
                guard task.resetStoreParams.isEmpty else { return nil }
                if !task.storeParams.isEmpty { base.deepMerge(task.storeParams) }
            }
            chainStoreCache[node] = base
        }
        return base
    }

    /// Upstream siblings of `id`, transitively, in Digdag's walk order: each sibling after its
    /// own upstreams, siblings visited in id order.
    private func upstreamWalk(of id: Int64) -> [Int64] {
        var result: [Int64] = []
        var walked = Set<Int64>()
        func upstreams(_ node: Int64) -> [Int64] {
            let ids = tasks[Int(node - 1)].upstreamIds
            return ids.count > 1 ? ids.sorted() : ids
        }
        var stack: [(node: Int64, upstreams: [Int64], position: Int)] = [(id, upstreams(id), 0)]
        while let top = stack.last {
            if top.position >= top.upstreams.count {
                stack.removeLast()
                if !stack.isEmpty { result.append(top.node) }
                continue
            }
            let sibling = top.upstreams[top.position]
            stack[stack.count - 1].position += 1
            if walked.insert(sibling).inserted {
                stack.append((sibling, upstreams(sibling), 0))
            }
        }
        return result
    }

    private func applyUpstreamSiblings(of id: Int64, to params: inout Config) {
        guard !tasks[Int(id - 1)].upstreamIds.isEmpty else { return }
        for sibling in upstreamWalk(of: id) {
            applyStoreIfAny(sibling, to: &params)
            guard childrenByParent[sibling] != nil else { continue }
            for descendant in descendants(of: sibling) { applyStoreIfAny(descendant, to: &params) }
        }
    }

    private func applyStoreIfAny(_ id: Int64, to params: inout Config) {
        let index = Int(id - 1)
        if tasks[index].storeParams.isEmpty && tasks[index].resetStoreParams.isEmpty { return }
        tasks[index].applyStore(to: &params)
    }
}
