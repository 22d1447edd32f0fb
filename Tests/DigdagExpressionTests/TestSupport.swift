import DigdagCore
import DigdagExpression
import DigdagJavaScript
import Synchronization

/// One engine for the whole test target: heaps are pooled, moment is loaded once per heap.
let sharedEngine = DuktapeEngine()

/// An evaluator over the shared Duktape engine.
let evaluator = TemplateEvaluator(engine: sharedEngine)

/// An engine that records what reaches "JavaScript" and answers from the real engine.
final class RecordingEngine: ExpressionEngine {
    private let calls = Mutex<[String]>([])

    var recorded: [String] { calls.withLock { $0 } }

    func evaluate(_ expressions: [String], scope: ExpressionScope, timeZone: String) throws(ExpressionError) -> [String] {
        calls.withLock { $0.append(contentsOf: expressions) }
        return try sharedEngine.evaluate(expressions, scope: scope, timeZone: timeZone)
    }
}

/// The built-ins of §3 for session 2023-07-16 in Asia/Tokyo, plus a few nested values.
let tokyoScope: Config = [
    "timezone": "Asia/Tokyo",
    "session_time": "2023-07-16T00:00:00+09:00",
    "session_date": "2023-07-16",
    "session_unixtime": 1_689_433_200,
    "task_name": "+wf+setup",
    "a": ["b": [1, 2.5, "x"], "c": nil, "d": ["e": true]],
    "list": [10, 20],
    "empty": "",
    "nothing": nil,
]

/// Renders with the shared evaluator, returning the error message on failure.
func renderOrError(_ template: String, scope: Config = tokyoScope, timeZone: String = "Asia/Tokyo") -> String {
    do {
        return try evaluator.render(template, scope: scope, timeZone: timeZone)
    } catch {
        return "ERROR: \(error.message)"
    }
}
