import DigdagCore
import DigdagExpression
import DigdagJavaScript
import Foundation
import Testing

/// Prints per-evaluation costs. Run alone: `DIGDAG_MEASURE=1 swift test --filter MeasurementTests`.
@Suite("Measurements", .serialized, .enabled(if: ProcessInfo.processInfo.environment["DIGDAG_MEASURE"] != nil))
struct MeasurementTests {
    /// A task's worth of parameters: built-ins plus a few exports.
    static let taskScope: Config = {
        var scope = tokyoScope
        for index in 0..<12 {
            scope["export_\(index)"] = .string("value number \(index)")
        }
        scope["settings"] = ["db": ["host": "localhost", "port": 5432], "tables": ["a", "b", "c"]]
        return scope
    }()

    static func microseconds(_ iterations: Int, _ body: () throws -> Void) rethrows -> Double {
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            for _ in 0..<iterations { try body() }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return seconds / Double(iterations) * 1e6
    }

    @Test func perEvaluationCost() throws {
        let engine = DuktapeEngine()
        let evaluator = TemplateEvaluator(engine: engine)
        let scope = Self.taskScope
        let firstLoad = try Self.microseconds(1) {
            _ = try evaluator.render("${moment(session_time).format('YYYYMMDD')}", scope: scope, timeZone: "Asia/Tokyo")
        }
        _ = try evaluator.render("${1}", scope: scope, timeZone: "Asia/Tokyo")
        let fast = try Self.microseconds(20_000) {
            _ = try evaluator.render("${session_date}", scope: scope, timeZone: "Asia/Tokyo")
        }
        let fastNested = try Self.microseconds(20_000) {
            _ = try evaluator.render("${settings.db}", scope: scope, timeZone: "Asia/Tokyo")
        }
        let plainJS = try Self.microseconds(2_000) {
            _ = try evaluator.render("${session_unixtime + 1}", scope: scope, timeZone: "Asia/Tokyo")
        }
        let withMoment = try Self.microseconds(1_000) {
            _ = try evaluator.render("${moment(session_time).add(1,'days').format('YYYYMMDD')}", scope: scope, timeZone: "Asia/Tokyo")
        }
        let engineOnly = try Self.microseconds(2_000) {
            _ = try engine.evaluate("1 + 1", scope: [:], timeZone: "Asia/Tokyo")
        }
        print("MEASURE engine alone, `1 + 1`, empty scope: \(String(format: "%.1f", engineOnly)) µs")
        var params = scope
        params["echo>"] = "${session_date} ${task_name} ${settings.db.host}"
        params["sum"] = "${session_unixtime + 1}"
        let wholeParams = try Self.microseconds(500) {
            _ = try evaluator.evaluate(params, timeZone: "Asia/Tokyo")
        }
        print("""
            MEASURE first moment load (fresh engine): \(Int(firstLoad)) µs
            MEASURE fast path ${session_date}: \(String(format: "%.2f", fast)) µs
            MEASURE fast path ${settings.db}: \(String(format: "%.2f", fastNested)) µs
            MEASURE JS without moment ${session_unixtime + 1}: \(String(format: "%.1f", plainJS)) µs
            MEASURE JS with moment: \(String(format: "%.1f", withMoment)) µs
            MEASURE evaluate(params) \(params.count) keys, 2 templated: \(String(format: "%.1f", wholeParams)) µs
            """)
    }
}
