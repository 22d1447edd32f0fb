import DigdagRuntime
import Foundation

/// What one `digdag server` process does in a cluster, from Digdag's keys: the API always;
/// the workflow executor unless `server.executor.enabled=false` (`--disable-executor-loop`);
/// the local agent unless `agent.enabled=false` (`--disable-local-agent`); the scheduler unless
/// `schedule.enabled=false` (`--disable-scheduler`); the attempt lease timing and how long a ready
/// task waits for a local slot before other nodes may take it (`agent.task-queue-delay`).
struct NodeRoles {
    /// Runs workflow state machines (claims attempts).
    var executor: Bool
    /// Runs tasks (operators) locally.
    var agent: Bool
    /// Starts attempts of due schedules.
    var scheduler: Bool
    /// Lease duration and heartbeat (`agent.lock-retention-time`, `agent.heartbeat-interval`, seconds).
    var leases = AttemptExecutor.Leases()

    init(_ system: SystemConfig) throws {
        executor = system.bool("server.executor.enabled", default: true)
        agent = system.bool("agent.enabled", default: true)
        scheduler = system.bool("schedule.enabled", default: true)
        if let seconds = try Self.seconds(system, "agent.lock-retention-time") { leases.duration = seconds }
        if let seconds = try Self.seconds(system, "agent.heartbeat-interval") { leases.renewEvery = seconds }
        if let text = system["agent.task-queue-delay"] {
            guard let value = Double(text), value >= 0, value < 86_400 else {
                throw CLIError("agent.task-queue-delay must be a number of seconds: \(text)")
            }
            leases.queueDelay = .milliseconds(Int((value * 1000).rounded()))
        }
        guard leases.renewEvery < leases.duration else {
            throw CLIError("agent.heartbeat-interval must be shorter than agent.lock-retention-time")
        }
    }

    /// An attempt runs where both its state machine and its tasks can run: a node without
    /// either stores attempts (API, scheduler) for the other nodes of the cluster to claim.
    var runsAttempts: Bool { executor && agent }

    /// The start-up line naming this node and its roles.
    func summary(nodeId: String) -> String {
        var names = ["api"]
        if executor { names.append("executor") }
        if agent { names.append("agent") }
        if scheduler { names.append("scheduler") }
        var line = "Node \(nodeId) roles: \(names.joined(separator: ", "))"
        if runsAttempts {
            line += "; attempt lease \(Self.text(leases.duration)) s renewed every \(Self.text(leases.renewEvery)) s"
        } else {
            line += "; attempts started here run on other nodes"
        }
        return line
    }

    /// A positive number of seconds (fractions allowed, e.g. `0.5`).
    private static func seconds(_ system: SystemConfig, _ key: String) throws -> Duration? {
        guard let text = system[key] else { return nil }
        guard let value = Double(text), value > 0, value < 86_400 else {
            throw CLIError("\(key) must be a positive number of seconds: \(text)")
        }
        return .milliseconds(Int((value * 1000).rounded()))
    }

    private static func text(_ duration: Duration) -> String {
        let millis = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return millis % 1000 == 0 ? "\(millis / 1000)" : String(format: "%.3g", Double(millis) / 1000)
    }
}
