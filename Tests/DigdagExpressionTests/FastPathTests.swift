import DigdagCore
import DigdagExpression
import Testing

@Suite("Plain references skip JavaScript")
struct FastPathTests {
    static let plainReferences = [
        "session_date", " session_date ", "a", "a.b", "a.b[0]", "a.b[1]", "a.b[2]", "a['b']", "a[\"d\"].e",
        "a.c", "a.missing", "a.b[7]", "list.length", "nothing", "session_unixtime", "a.d",
    ]

    @Test(arguments: plainReferences)
    func noJavaScriptCall(expression: String) throws {
        let recording = RecordingEngine()
        let fast = try TemplateEvaluator(engine: recording).render("${\(expression)}", scope: tokyoScope, timeZone: "UTC")
        #expect(recording.recorded.isEmpty)
        let javaScript = try sharedEngine.evaluate(expression, scope: tokyoScope, timeZone: "UTC")
        #expect(fast == javaScript)
    }

    @Test func missingVariableFailsWithoutJavaScript() {
        let recording = RecordingEngine()
        #expect(throws: ConfigError("Failed to evaluate a variable ${foo} (ReferenceError: foo is not defined)")) {
            try TemplateEvaluator(engine: recording).render("${foo}", scope: tokyoScope, timeZone: "UTC")
        }
        #expect(recording.recorded.isEmpty)
        #expect(throws: ExpressionError.notDefined("foo")) {
            try sharedEngine.evaluate("foo", scope: tokyoScope, timeZone: "UTC")
        }
    }

    static let javaScriptReferences = [
        "a.b.c.d", "nothing.x", "toString", "a.toString", "list.join", "task_name.length", "Math",
        "moment", "undefined", "NaN", "true", "this", "a.b[01]", "a['x\\'y']", "__proto__", "a.__proto__",
        "task_name[0]", "session_unixtime.x",
    ]

    @Test(arguments: javaScriptReferences)
    func leftToJavaScript(expression: String) {
        let recording = RecordingEngine()
        _ = try? TemplateEvaluator(engine: recording).render("${\(expression)}", scope: tokyoScope, timeZone: "UTC")
        #expect(recording.recorded == [expression])
    }

    @Test func objectsWithIndexKeysMatchJavaScriptOrder() throws {
        let scope: Config = ["o": ["b": 1, "10": 2, "2": 3, "x-y": ["z": 0.5]]]
        let recording = RecordingEngine()
        let fast = try TemplateEvaluator(engine: recording).render("${o}", scope: scope, timeZone: "UTC")
        #expect(recording.recorded.isEmpty)
        #expect(fast == #"{"2":3,"10":2,"b":1,"x-y":{"z":0.5}}"#)
        #expect(try sharedEngine.evaluate("o", scope: scope, timeZone: "UTC") == fast)
    }

    @Test func numbersMatchJavaScript() throws {
        let values: [ConfigValue] = [0.1, 1e21, 1.5e-7, 123.0, -0.0, 9_007_199_254_740_993, 1e-6, 2.5e20]
        let scope: Config = ["n": .array(values)]
        let fast = try TemplateEvaluator(engine: RecordingEngine()).render("${n}", scope: scope, timeZone: "UTC")
        #expect(fast == (try sharedEngine.evaluate("n", scope: scope, timeZone: "UTC")))
        #expect(fast == "[0.1,1e+21,1.5e-7,123,0,9007199254740992,0.000001,250000000000000000000]")
    }

    @Test func javaScriptGlobalsAreKnown() throws {
        let names = try sharedEngine.evaluate(
            "typeof moment + ',' + Object.getOwnPropertyNames((function(){return this})()).join(',')",
            scope: [:], timeZone: "UTC")
        let globals = names.split(separator: ",").dropFirst().map(String.init)
        let unknown = globals.filter { name in
            let recording = RecordingEngine()
            _ = try? TemplateEvaluator(engine: recording).render("${\(name)}", scope: [:], timeZone: "UTC")
            return recording.recorded.isEmpty
        }
        #expect(unknown.isEmpty, "globals the fast path would call undefined: \(unknown)")
    }
}
