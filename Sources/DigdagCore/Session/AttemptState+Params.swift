extension AttemptState {
    /// The parameters a task sees before built-ins and its own keys (Digdag 0.10's walk):
    /// for each ancestor from the root, then the task itself, the store params of its upstream
    /// siblings and their descendants in id order, then the ancestor's exports and stores;
    /// finally the task's own `_export`. `base` holds the defaults (`-p`, session params).
    public func collectParams(for id: Int64, base: Config) -> Config {
        var params = base
        let target = task(id)
        var ancestors: [Int64] = []
        var cursor = target.parentId
        while let p = cursor {
            ancestors.insert(p, at: 0)
            cursor = task(p).parentId
        }
        for node in ancestors + [id] {
            var walked = Set<Int64>()
            applyUpstreamSiblings(of: node, to: &params, walked: &walked)
            if node != id {
                let ancestor = task(node)
                params.deepMerge(ancestor.exportConfig)
                params.deepMerge(ancestor.exportParams)
                ancestor.applyStore(to: &params)
            }
        }
        params.deepMerge(target.exportConfig)
        return params
    }

    private func applyUpstreamSiblings(of id: Int64, to params: inout Config, walked: inout Set<Int64>) {
        let node = task(id)
        guard !node.upstreamIds.isEmpty, let parent = node.parentId else { return }
        let upstreams = Set(node.upstreamIds)
        for sibling in children(of: parent) where upstreams.contains(sibling) {
            guard walked.insert(sibling).inserted else { continue }
            applyUpstreamSiblings(of: sibling, to: &params, walked: &walked)
            task(sibling).applyStore(to: &params)
            for descendant in descendants(of: sibling) { task(descendant).applyStore(to: &params) }
        }
    }
}
