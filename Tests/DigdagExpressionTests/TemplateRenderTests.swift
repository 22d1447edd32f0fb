import DigdagCore
import DigdagExpression
import Testing

@Suite("Rendering templates with Duktape")
struct TemplateRenderTests {
    @Test(arguments: [
        ("no dollar {here}", "no dollar {here}"),
        ("${session_date}", "2023-07-16"),
        ("date=${session_date}, task=${task_name}", "date=2023-07-16, task=+wf+setup"),
        ("${session_unixtime + 1}", "1689433201"),
        ("${session_date + 1}", "2023-07-161"),
        ("${a}", #"{"b":[1,2.5,"x"],"c":null,"d":{"e":true}}"#),
        ("${a.b}", #"[1,2.5,"x"]"#),
        ("${a.b[1]}", "2.5"),
        ("${a['b'][2]}", "x"),
        ("${a.c}", ""),
        ("${a.missing}", ""),
        ("${nothing}", ""),
        ("[${empty}]", "[]"),
        ("${undefined}", ""),
        ("${null}", ""),
        ("${true}", "true"),
        ("${1/3}", "0.3333333333333333"),
        ("${0.1+0.2}", "0.30000000000000004"),
        ("${1e21}", "1e+21"),
        ("${NaN}", "null"),
        ("${ {x: [1, {y: 2}]} }", #"{"x":[1,{"y":2}]}"#),
        ("${[1,'a',null]}", #"[1,"a",null]"#),
        ("${(function(){})}", "undefined"),
        ("${list.length}", "2"),
        ("${task_name.length}", "9"),
        ("${session_date.replace(/-/g, '')}", "20230716"),
        ("${a.b.map(function(v){return v + 1})}", #"[2,3.5,"x1"]"#),
        ("echo $$ and $HOME", "echo $ and $HOME"),
        ("$${session_date}", "$2023-07-16"),
        ("${secret:db.password}", "${secret:db.password}"),
        ("${'$'}{HOME}", "${HOME}"),
        ("cost: $5 $", "cost: $5 $"),
        ("unterminated ${session_date", "unterminated ${session_date"),
        ("${'\\u2028'}|${JSON.stringify('\\u2028')}", "\u{2028}|\"\u{2028}\""),
        ("${String.fromCharCode(0xD83D, 0xDE00)}", "😀"),
        ("${['😀'].concat(['é'])}", #"["😀","é"]"#),
        ("${typeof moment}", "function"),
        ("${a.hasOwnProperty('b')}", "true"),
        ("${toString}", "undefined"),
    ])
    func render(template: String, expected: String) {
        #expect(renderOrError(template) == expected)
    }

    @Test(arguments: [
        ("echo ${foo}", "ReferenceError: foo is not defined"),
        ("${a.b.c.d}", "TypeError: Cannot read property 'd' of undefined"),
        ("${nothing.x}", "TypeError: Cannot read property 'x' of null"),
        ("${a.f()}", "TypeError: undefined is not a function"),
        ("${(function(){throw new Error('boom')})()}", "Error: boom"),
        ("${(function(){throw 'plain'})()}", "plain"),
        ("${retry_attempt_name}", "ReferenceError: retry_attempt_name is not defined"),
        ("${session_date} ${foo.bar}", "ReferenceError: foo is not defined"),
        ("${undefinedFunction()}", "ReferenceError: undefinedFunction is not defined"),
    ])
    func errors(template: String, message: String) {
        #expect(renderOrError(template) == "ERROR: Failed to evaluate a variable \(template) (\(message))")
    }

    @Test func syntaxErrorsAreConfigErrors() {
        let result = renderOrError("${1 +}")
        #expect(result.hasPrefix("ERROR: Failed to evaluate a variable ${1 +} (SyntaxError: "))
    }

    @Test func firstFailingExpressionWins() {
        // The JavaScript error comes before the fast-path ReferenceError, so it is reported.
        let template = "${a.b.c.d} ${foo}"
        #expect(renderOrError(template).contains("(TypeError: Cannot read property 'd' of undefined)"))
        // A fast-path ReferenceError stops before later JavaScript runs.
        let recording = RecordingEngine()
        let result = Result { () throws(ConfigError) in
            try TemplateEvaluator(engine: recording).render("${foo} ${1+1}", scope: tokyoScope, timeZone: "UTC")
        }
        #expect(throws: ConfigError.self) { try result.get() }
        #expect(recording.recorded.isEmpty)
    }

    @Test func es5Only() {
        #expect(renderOrError("${[1].map(x => x)}").contains("SyntaxError"))
    }
}
