import Foundation

extension AttemptState {
    /// Arms the root's `sla:` to fire at `deadline`, unless the attempt is over or it fired
    /// before (its `^sla` tasks exist: an attempt taken over or resumed after a restart).
    public mutating func armSla(_ rule: SlaRule, deadline: Date) {
        guard !tasks.isEmpty, !isDone else { return }
        let prefix = root.fullName + "^sla"
        guard !tasks.contains(where: { $0.fullName.hasPrefix(prefix) }) else { return }
        pendingSla = (rule, deadline)
    }

    /// Adds the SLA tasks under the root once the deadline passed while the attempt still runs;
    /// true when tasks were added.
    mutating func fireSlaIfDue(now: Date) -> Bool {
        guard let (rule, deadline) = pendingSla, deadline <= now else { return false }
        pendingSla = nil
        guard !isDone else { return false }
        var generated: [(String, Config)] = []
        if rule.alert { generated.append(("^sla^alert", ["_type": "notify", "_command": "SLA violation"])) }
        if rule.fail { generated.append(("^sla^fail", ["_type": "fail", "_command": "SLA violation"])) }
        generated.append(("^sla", rule.tasks))
        var added = false
        for (name, config) in generated {
            do {
                added = try addGenerated(
                    under: root.id, name: name, config: config, upstreams: [], initial: false, limited: false) != nil
                    || added
            } catch {
                notices.append(.brokenSlaTasks(message: "\(error)"))
            }
        }
        return added
    }
}
