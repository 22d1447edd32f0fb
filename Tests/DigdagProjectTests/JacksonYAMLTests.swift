import DigdagCore
import DigdagProject
import Testing

@Suite("Jackson YAML rendering")
struct JacksonYAMLTests {
    @Test func statusFile() {
        let config: Config = [
            "fullName": "+mydag+setup", "state": "success",
            "result": [
                "subtaskConfig": [:], "exportParams": [:], "resetStoreParams": [], "storeParams": [:],
                "report": ["inputs": [], "outputs": []],
            ],
        ]
        #expect(JacksonYAML.render(config) == """
            fullName: "+mydag+setup"
            state: "success"
            result:
              subtaskConfig: {}
              exportParams: {}
              resetStoreParams: []
              storeParams: {}
              report:
                inputs: []
                outputs: []

            """)
    }

    @Test func workflowDefinition() {
        let config: Config = [
            "+repeat": [
                "for_each>": ["order": ["first", "second", "third"], "animal": ["dog", "cat"]],
                "_do": ["echo>": "${order} ${animal}"],
                "_parallel": true,
            ],
        ]
        #expect(JacksonYAML.render(config) == """
            "+repeat":
              for_each>:
                order:
                - "first"
                - "second"
                - "third"
                animal:
                - "dog"
                - "cat"
              _do:
                echo>: "${order} ${animal}"
              _parallel: true

            """)
    }

    @Test(arguments: [
        (["n": 1] as Config, "n: 1\n"),
        (["n": -2.5] as Config, "n: -2.5\n"),
        (["n": .double(1e21)] as Config, "n: 1.0E21\n"),
        (["n": nil] as Config, "n: null\n"),
        (["b": false] as Config, "b: false\n"),
        (["s": ""] as Config, "s: \"\"\n"),
        (["s": "a\"b\\c"] as Config, "s: \"a\\\"b\\\\c\"\n"),
        (["s": "line1\nline2\t"] as Config, "s: \"line1\\nline2\\t\"\n"),
        (["s": "日本"] as Config, "s: \"日本\"\n"),
        (["s": "😀"] as Config, "s: \"\\U0001f600\"\n"),
        (["s": "\u{1}"] as Config, "s: \"\\x01\"\n"),
        (["1st": 1] as Config, "\"1st\": 1\n"),
        (["-x": 1] as Config, "\"-x\": 1\n"),
        (["yes": 1] as Config, "\"yes\": 1\n"),
        (["": 1] as Config, "\"\": 1\n"),
        (["a: b": 1] as Config, "'a: b': 1\n"),
        (["*x": 1] as Config, "'*x': 1\n"),
        (["it's #x": 1] as Config, "'it''s #x': 1\n"),
        (["echo>": "hi"] as Config, "echo>: \"hi\"\n"),
        (["my key": 1] as Config, "my key: 1\n"),
        ([:] as Config, "{}\n"),
        (["l": [[1, 2], ["a": 1, "b": [:]]]] as Config, "l:\n- - 1\n  - 2\n- a: 1\n  b: {}\n"),
    ])
    func rendering(config: Config, expected: String) {
        #expect(JacksonYAML.render(config) == expected)
    }

    @Test func longStringsFoldAtEightyColumns() throws {
        let text = String(repeating: "word ", count: 20) + "end"
        let rendered = JacksonYAML.render(["sh>": .string(text)] as Config)
        #expect(rendered == """
            sh>: "word word word word word word word word word word word word word word word word\\
              \\ word word word word end"

            """)
        #expect(try JacksonYAML.parse(rendered) == ["sh>": .string(text)])
    }

    @Test func roundTripThroughTheParser() throws {
        let config: Config = [
            "fullName": "+wf+a^sub+for-0=x=0=1", "state": "success",
            "result": ["storeParams": ["n": 1, "f": 1.5, "s": "0.5", "t": "true", "list": ["x", nil]]],
        ]
        #expect(try JacksonYAML.parse(JacksonYAML.render(config)) == config)
    }
}
