import DigdagCore
import DigdagExpression
import DigdagProject
import Foundation

/// One fuzzed entry point: untrusted bytes in, no crash, no hang, and the invariants it checks
/// (a round trip, a bounded result) hold. libFuzzer drives these through `Fuzz/` (built with
/// `-sanitize=fuzzer`); the unit tests replay the seed corpus in `Fuzz/corpus/<name>` through them.
public struct FuzzTarget: Sendable {
    /// The target's name: its corpus folder and the `DIGDAG_FUZZ_TARGET` value that picks it.
    public let name: String
    /// Runs one input; traps (via `precondition`) when an invariant breaks.
    public let run: @Sendable ([UInt8]) -> Void

    /// Every target, by name.
    public static let all: [FuzzTarget] = [
        FuzzTarget(name: "dig", run: FuzzTargets.dig),
        FuzzTarget(name: "template", run: FuzzTargets.template),
        FuzzTarget(name: "schedule", run: FuzzTargets.schedule),
        FuzzTarget(name: "json", run: FuzzTargets.json),
        FuzzTarget(name: "tar", run: FuzzTargets.tar),
        FuzzTarget(name: "gzip", run: FuzzTargets.gzip),
    ]

    /// The target called `name`, if any.
    public static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }
}
