import DigdagCore
import DigdagExpression
import Synchronization

/// The `${...}` JavaScript engine: Duktape (ES5.1) with moment.js and moment-timezone.
///
/// Heaps are pooled and reused; each is used by one evaluation at a time. moment.js is loaded into
/// a heap only when an expression mentions `moment`, and `moment.tz.setDefault(timeZone)` makes
/// the workflow zone moment's local zone. (Plain `Date` still uses the process zone.)
public final class DuktapeEngine: ExpressionEngine {
    private let libraries: MomentLibraries
    private let maximumIdleHeaps: Int
    private let bytecodeCache = BytecodeCache.standard()
    private let idleHeaps = Mutex<[DuktapeHeap]>([])
    private let sources = Mutex<MomentLibraries.Sources?>(nil)

    /// Creates an engine that keeps up to `maximumIdleHeaps` heaps for reuse.
    public init(libraries: MomentLibraries = .debian, maximumIdleHeaps: Int = 8) {
        self.libraries = libraries
        self.maximumIdleHeaps = maximumIdleHeaps
    }

    /// Evaluates the expressions in order with `scope` as `this` of `with(this)`.
    public func evaluate(_ expressions: [String], scope: ExpressionScope, timeZone: String) throws(ExpressionError) -> [String] {
        guard !expressions.isEmpty else { return [] }
        let needsMoment = expressions.contains { $0.contains("moment") }
        let heap = try checkOut(preferringMoment: needsMoment)
        defer { checkIn(heap) }
        if needsMoment {
            // `.tz(...)` may name any zone: only then is the whole zone database loaded.
            let needsAllZones = expressions.contains { $0.contains("tz") }
            try prepareMoment(in: heap, timeZone: timeZone, allZones: needsAllZones)
        }
        try heap.setScope(scope)
        var results: [String] = []
        results.reserveCapacity(expressions.count)
        for expression in expressions {
            results.append(try heap.evaluate(expression))
        }
        return results
    }

    /// Number of heaps currently idle in the pool.
    public var idleHeapCount: Int {
        idleHeaps.withLock { $0.count }
    }

    private func checkOut(preferringMoment: Bool) throws(ExpressionError) -> DuktapeHeap {
        let pooled = idleHeaps.withLock { heaps -> DuktapeHeap? in
            if let index = heaps.lastIndex(where: { $0.hasMoment == preferringMoment }) {
                return heaps.remove(at: index)
            }
            return heaps.popLast()
        }
        if let pooled { return pooled }
        let heap = try DuktapeHeap()
        try heap.runScript(DuktapeScripts.prelude, name: "prelude")
        return heap
    }

    private func checkIn(_ heap: DuktapeHeap) {
        guard !heap.isBroken else { return }  // leaked by the shim, never reused
        idleHeaps.withLock { heaps in
            if heaps.count < maximumIdleHeaps {
                heaps.append(heap)
            }
        }
    }

    private func prepareMoment(in heap: DuktapeHeap, timeZone: String, allZones: Bool) throws(ExpressionError) {
        if !heap.hasMoment {
            let code = try librarySources()
            try bytecodeCache.run(code.moment, name: "moment.min.js", in: heap)
            try bytecodeCache.run(code.momentTimezone, name: "moment-timezone.min.js", in: heap)
            try heap.runScript(DuktapeScripts.momentLocalFormat, name: "moment-local-format")
            heap.hasMoment = true
        }
        if allZones { try loadZoneData(nil, into: heap) }
        if heap.momentTimeZone != timeZone {
            try loadZoneData(timeZone, into: heap)
            try heap.runScript("moment.tz.setDefault(\(JSONText.quoted(timeZone)));", name: "timezone")
            heap.momentTimeZone = timeZone
        }
    }

    /// Loads the packed data of one zone, or of all zones when `timeZone` is nil or unknown to
    /// the data (each heap loads the whole file at most once).
    private func loadZoneData(_ timeZone: String?, into heap: DuktapeHeap) throws(ExpressionError) {
        guard !heap.loadedZones.contains("*"), timeZone.map({ !heap.loadedZones.contains($0) }) ?? true else { return }
        let data = try librarySources().timeZoneData
        if let timeZone, let subset = TimeZoneDataSubset.subset(for: timeZone, in: data) {
            try heap.setGlobal(DuktapeScripts.timeZoneDataGlobal, json: subset)
            heap.loadedZones.insert(timeZone)
        } else {
            try heap.setGlobal(DuktapeScripts.timeZoneDataGlobal, json: String(decoding: data, as: UTF8.self))
            heap.loadedZones.insert("*")
        }
        try heap.runScript(DuktapeScripts.loadTimeZoneData, name: "tzdata")
    }

    private func librarySources() throws(ExpressionError) -> MomentLibraries.Sources {
        if let cached = sources.withLock({ $0 }) { return cached }
        let loaded = try libraries.read()
        sources.withLock { $0 = loaded }
        return loaded
    }
}
