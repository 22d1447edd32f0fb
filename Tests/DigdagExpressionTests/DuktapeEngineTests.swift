import DigdagCore
import DigdagExpression
@testable import DigdagJavaScript
import Testing

@Suite("Duktape engine")
struct DuktapeEngineTests {
    @Test func fatalErrorsAreTrappedAndTheHeapIsRetired() throws {
        let heap = try DuktapeHeap()
        #expect(throws: ExpressionError("InternalError: JavaScript engine failure (fatal error triggered for testing)")) {
            try heap.triggerFatalErrorForTesting()
        }
        #expect(heap.isBroken)
        #expect(throws: ExpressionError("InternalError: JavaScript engine failure (heap is broken)")) {
            try heap.evaluate("1")
        }
    }

    @Test func runawayRecursionIsAnError() {
        let result = renderOrError("${(function f(){ return 1 + f(); })()}")
        #expect(result.hasPrefix("ERROR: Failed to evaluate a variable ${(function f(){ return 1 + f(); })()} (RangeError"))
        #expect(renderOrError("${1+1}") == "2")
    }

    @Test func heapsAreReused() throws {
        let engine = DuktapeEngine(maximumIdleHeaps: 2)
        for _ in 0..<5 {
            #expect(try engine.evaluate("1+1", scope: [:], timeZone: "UTC") == "2")
        }
        #expect(engine.idleHeapCount == 1)
    }

    @Test func scopeDoesNotLeakBetweenEvaluations() throws {
        let engine = DuktapeEngine(maximumIdleHeaps: 1)
        #expect(try engine.evaluate("typeof x", scope: ["x": 1], timeZone: "UTC") == "number")
        #expect(try engine.evaluate("typeof x", scope: [:], timeZone: "UTC") == "undefined")
        // A global assigned by an expression does persist in the heap, as in one Digdag context.
        _ = try engine.evaluate("(function(){ leaked = 1; })()", scope: [:], timeZone: "UTC")
    }

    @Test func missingMomentFilesGiveAClearError() {
        let engine = DuktapeEngine(libraries: MomentLibraries(
            momentPath: "/nonexistent/moment.js", momentTimezonePath: "/nonexistent/tz.js",
            timeZoneDataPath: "/nonexistent/latest.json"))
        #expect(throws: ExpressionError("Error: moment.js is not available: cannot read /nonexistent/moment.js")) {
            try engine.evaluate("moment().year()", scope: [:], timeZone: "UTC")
        }
        #expect((try? engine.evaluate("1", scope: [:], timeZone: "UTC")) == "1")
    }

    @Test func concurrentEvaluationsUseSeparateHeaps() async {
        let zones = ["UTC", "Asia/Tokyo", "America/Los_Angeles", "Europe/Berlin"]
        let expected = ["2016-01-30T08:00:00+00:00", "2016-01-30T17:00:00+09:00",
                        "2016-01-30T00:00:00-08:00", "2016-01-30T09:00:00+01:00"]
        let scope: Config = ["session_time": "2016-01-30T00:00:00-08:00"]
        let results = await withTaskGroup(of: (Int, String).self) { group in
            for round in 0..<40 {
                group.addTask {
                    let zone = round % zones.count
                    let text = (try? sharedEngine.evaluate("moment(session_time).format()", scope: scope, timeZone: zones[zone])) ?? "error"
                    return (zone, text)
                }
            }
            var all: [(Int, String)] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(results.count == 40)
        for (zone, text) in results {
            #expect(text == expected[zone])
        }
    }
}
