import DigdagCore
import DigdagOperatorKit
import DigdagOperators
import Foundation
import Testing

@Suite struct PyOperatorTests {
    let op = PyOperator()

    static let tasks = """
        import os
        import sys
        import digdag

        def hello(name, greeting="hello"):
            print("%s %s" % (greeting, name))
            sys.stdout.flush()

        def everything(**kwargs):
            print(",".join(sorted(k for k in kwargs if not k.startswith("_") and k != "py")))

        def needs(p):
            pass

        def fails():
            raise ValueError("boom")

        def exits():
            sys.exit(3)

        def results():
            digdag.env.store({"stored": 1}, other="s")
            digdag.env.export(exported=[1, 2])
            digdag.env.add_subtask(child, x=1)
            digdag.env.add_subtask({"echo>": "hi", "y": 2}, z=3)
            digdag.env.add_subtask(Greeter.run, a="b")

        def child(x):
            print("child", x)

        def env():
            print(os.environ.get("SECRET_ENV"), os.environ.get("plain", "no-param-env"))

        class Greeter(object):
            def __init__(self, name):
                self.name = name

            def run(self):
                print("run", self.name)

            def shout(self, punctuation="!"):
                print("HI " + self.name.upper() + punctuation)

        """

    func project() throws -> TestProject {
        let project = try TestProject()
        try project.write("tasks.py", PyOperatorTests.tasks)
        try project.write("pkg/__init__.py", "")
        try project.write("pkg/mod.py", "class Job:\n    def go(self, n):\n        print('job', n * 2)\n")
        return project
    }

    @Test func callsFunctionWithNamedParams() async throws {
        let project = try project()
        defer { project.remove() }
        let result = try await op.run(project.context(type: "py", command: "tasks.hello", params: ["name": "world"]))
        #expect(result == .empty)
        #expect(project.output.text == "hello world\n")
    }

    @Test func classMethodAndClassRun() async throws {
        let project = try project()
        defer { project.remove() }
        _ = try await op.run(project.context(type: "py", command: "tasks.Greeter.shout", params: ["name": "ann"]))
        _ = try await op.run(project.context(type: "py", command: "tasks.Greeter", params: ["name": "bob"]))
        _ = try await op.run(project.context(type: "py", command: "pkg.mod.Job.go", params: ["n": 21]))
        #expect(project.output.text == "HI ANN!\nrun bob\njob 42\n")
    }

    @Test func kwargsReceivesAllParams() async throws {
        let project = try project()
        defer { project.remove() }
        _ = try await op.run(project.context(type: "py", command: "tasks.everything", params: ["b": 1, "a": "x"]))
        #expect(project.output.text == "a,b,session_time,task_name\n")
    }

    @Test func missingParameter() async throws {
        let project = try project()
        defer { project.remove() }
        let message = try await failure(project.context(type: "py", command: "tasks.needs"))
        #expect(
            message.hasPrefix(
                """
                Python command failed with code 1
                Error messages from python: Method 'needs' requires parameter 'p' but not set (TypeError)
                \tfrom Traceback (most recent call last):

                """))
        #expect(project.output.text.contains("TypeError: Method 'needs' requires parameter 'p' but not set"))
    }

    @Test func exceptionMessage() async throws {
        let project = try project()
        defer { project.remove() }
        let message = try await failure(project.context(type: "py", command: "tasks.fails"))
        let lines = message.components(separatedBy: "\n")
        #expect(lines[0] == "Python command failed with code 1")
        #expect(lines[1] == "Error messages from python: boom (ValueError)")
        #expect(message.contains("\n\tfrom ValueError: boom\n"))
    }

    @Test func systemExitGetsItsOwnMessage() async throws {
        let project = try project()
        defer { project.remove() }
        let message = try await failure(project.context(type: "py", command: "tasks.exits"))
        #expect(
            message.components(separatedBy: "\n")[1]
                == "Error messages from python: Failed to call python command with code:3 Possible cause: "
                + "Invalid python module call, duplicate module name with standard library (SystemExit)")
    }

    @Test func unknownAttribute() async throws {
        let project = try project()
        defer { project.remove() }
        let message = try await failure(project.context(type: "py", command: "tasks.nothing"))
        #expect(
            message.components(separatedBy: "\n")[1]
                == "Error messages from python: Module 'tasks' has no attribute 'nothing' (AttributeError)")
    }

    @Test func storeExportAndSubtasks() async throws {
        let project = try project()
        defer { project.remove() }
        let result = try await op.run(project.context(type: "py", command: "tasks.results"))
        #expect(result.storeParams == ["stored": 1, "other": "s"])
        #expect(result.exportParams == ["exported": [1, 2]])
        #expect(Array(result.subtaskConfig.keys) == ["+subtask0", "+subtask1", "+subtask2"])
        #expect(result.subtaskConfig["+subtask0"] == ["x": 1, "py>": "tasks.child"])
        #expect(Array(result.subtaskConfig["+subtask0"]?.objectValue?.keys ?? []) == ["x", "py>"])
        #expect(result.subtaskConfig["+subtask1"] == ["echo>": "hi", "y": 2, "z": 3])
        #expect(result.subtaskConfig["+subtask2"] == ["a": "b", "py>": "tasks.Greeter.run"])
    }

    @Test func onlyEnvIsExported() async throws {
        let project = try project()
        defer { project.remove() }
        let context = project.context(
            type: "py", command: "tasks.env", params: ["plain": "param"],
            local: ["_env": ["SECRET_ENV": "${secret:k}"]], secrets: ["k": "v"])
        _ = try await op.run(context)
        #expect(project.output.text == "v no-param-env\n")
    }

    @Test func scriptForm() async throws {
        let project = try project()
        defer { project.remove() }
        let script = """
            import json, sys
            params = json.load(open(sys.argv[1]))["params"]
            print("script sees", params["who"])
            json.dump({"store_params": {"seen": params["who"]}}, open(sys.argv[2], "w"))
            """
        let context = project.context(
            type: "py", command: nil, params: ["who": "me", "python": ["python3", "-u"]],
            local: ["script": .string(script)])
        let result = try await op.run(context)
        #expect(project.output.text == "script sees me\n")
        #expect(result.storeParams == ["seen": "me"])

        let silent = project.context(type: "py", command: nil, local: ["script": "pass"])
        await #expect(
            throws: OperatorError.runtime(
                "output.json does not exist. Something unexpected error happened. Please check logs.")
        ) { try await op.run(silent) }
    }

    @Test func invalidPythonOption() async throws {
        let project = try project()
        defer { project.remove() }
        await #expect(throws: ConfigError("Invalid python: 3")) {
            try await op.run(project.context(type: "py", command: "tasks.hello", params: ["python": 3]))
        }
    }

    private func failure(_ context: OperatorContext) async throws -> String {
        do {
            _ = try await op.run(context)
        } catch OperatorError.runtime(let message) {
            return message
        }
        Issue.record("expected the task to fail")
        return ""
    }
}
