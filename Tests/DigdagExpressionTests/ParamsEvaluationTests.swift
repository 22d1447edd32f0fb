import DigdagCore
import DigdagExpression
import Testing

@Suite("Evaluating parameter objects (ConfigEvalEngine)")
struct ParamsEvaluationTests {
    @Test func earlierSiblingIsEvaluatedLaterIsNot() throws {
        // §4.4: exported y then x: x sees the evaluated y.
        let inOrder: Config = ["session_date": "2023-07-16", "y": "${session_date}", "x": "${y}"]
        let evaluatedInOrder = try evaluator.evaluate(inOrder, timeZone: "UTC")
        #expect(evaluatedInOrder["x"] == "2023-07-16")
        // Reversed: x is evaluated first and sees y's unevaluated text.
        let reversed: Config = ["session_date": "2023-07-16", "x": "${y}", "y": "${session_date}"]
        let evaluatedReversed = try evaluator.evaluate(reversed, timeZone: "UTC")
        #expect(evaluatedReversed["x"] == "${session_date}")
        #expect(evaluatedReversed["y"] == "2023-07-16")
    }

    @Test func nestedSiblingsShadowTopLevelNames() throws {
        let params: Config = [
            "name": "top",
            "nested": ["name": "inner", "greeting": "hello ${name}"],
            "after": "${name}",
        ]
        let evaluated = try evaluator.evaluate(params, timeZone: "UTC")
        #expect(evaluated["nested"]?.objectValue?["greeting"] == "hello inner")
        #expect(evaluated["after"] == "top")
    }

    @Test func nestedObjectsSeeTopLevelUnevaluated() throws {
        // The base scope is unevaluated: a nested value sees the top-level template text.
        let params: Config = ["d": "2023-07-16", "t": "${d}", "nested": ["v": "${t}"]]
        let evaluated = try evaluator.evaluate(params, timeZone: "UTC")
        #expect(evaluated["nested"]?.objectValue?["v"] == "${d}")
    }

    @Test func arraysUseTheEnclosingObjectsSiblings() throws {
        let params: Config = ["x": "1", "list": ["${x}", ["${x}${x}"], ["k": "${x}"], 5, nil, true]]
        let evaluated = try evaluator.evaluate(params, timeZone: "UTC")
        #expect(evaluated["list"] == ["1", ["11"], ["k": "1"], 5, nil, true])
    }

    @Test func doBodiesAreNeverEvaluated() throws {
        let params: Config = [
            "loop>": "${n}",
            "n": 3,
            "_do": ["echo>": "${i} ${undefined_thing}"],
            "if>": "${true}",
            "_else_do": ["+t": ["echo>": "${foo}"]],
            "deep": ["for_each>": ["v": [1]], "_do": ["sh>": "echo ${v}"]],
        ]
        let evaluated = try evaluator.evaluate(params, timeZone: "UTC")
        #expect(evaluated["_do"] == params["_do"])
        #expect(evaluated["_else_do"] == params["_else_do"])
        #expect(evaluated["deep"]?.objectValue?["_do"] == ["sh>": "echo ${v}"])
        #expect(evaluated["loop>"] == "3")  // n comes later but is in the (unevaluated) base scope
        #expect(evaluated["if>"] == "true")
    }

    @Test func keysAreNeverEvaluatedAndNonStringsKeepTheirType() throws {
        let params: Config = ["${k}": "v", "n": 1, "f": 2.5, "b": false, "z": nil, "s": "no dollar"]
        let evaluated = try evaluator.evaluate(params, timeZone: "UTC")
        #expect(evaluated == params)
    }

    @Test func resultsAreStrings() throws {
        let params: Config = ["n": 3, "m": "${n}", "o": "${ {a: n} }"]
        let evaluated = try evaluator.evaluate(params, timeZone: "UTC")
        #expect(evaluated["m"] == "3")
        #expect(evaluated["o"] == #"{"a":3}"#)
    }

    @Test func separateBaseScopeAsOperatorManagerPassesIt() throws {
        // Digdag evaluates request params + built-ins + local keys with the first two as the base.
        let base: Config = ["session_date": "2023-07-16"]
        var config = base
        config["later"] = "${early}"
        config["early"] = "${session_date}"
        #expect(throws: ConfigError("Failed to evaluate a variable ${early} (ReferenceError: early is not defined)")) {
            try evaluator.evaluate(config, scope: base, timeZone: "UTC")
        }
    }

    @Test func localKeysShadowTheBaseScopeOnceEvaluated() throws {
        let base: Config = ["x": "base", "n": 1]
        let config: Config = ["n": 1, "x": "local", "y": "${x} ${n}", "o": ["x": "inner", "z": "${x}"]]
        let evaluated = try evaluator.evaluate(config, scope: base, timeZone: "UTC")
        #expect(evaluated["y"] == "local 1")
        #expect(evaluated["o"]?.objectValue?["z"] == "inner")
        // Through JavaScript too (not only the fast path).
        let viaJS = try evaluator.evaluate(["x": "local", "y": "${x + '!'}"], scope: base, timeZone: "UTC")
        #expect(viaJS["y"] == "local!")
    }

    @Test func errorNamesTheWholeString() {
        let params: Config = ["echo>": "hello ${foo} world"]
        #expect(
            throws: ConfigError("Failed to evaluate a variable hello ${foo} world (ReferenceError: foo is not defined)")
        ) {
            try evaluator.evaluate(params, timeZone: "UTC")
        }
    }
}
