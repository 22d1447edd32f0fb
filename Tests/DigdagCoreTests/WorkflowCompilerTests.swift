import DigdagCore
import Testing

@Suite struct WorkflowCompilerTests {
    let compiler = WorkflowCompiler()

    func compile(_ config: Config) throws -> [WorkflowTask] {
        try compiler.compileWorkflow(name: "wf", config: config)
    }

    func upstreamNames(_ tasks: [WorkflowTask], _ name: String) -> [String] {
        let task = tasks.first { $0.fullName == name }!
        return task.upstreamIndexes.map { tasks[$0].fullName }
    }

    @Test func mydagTreeHasRootAndFourTasksInOrder() throws {
        let tasks = try compile([
            "timezone": "UTC",
            "+setup": ["echo>": "start"],
            "+repeat": ["for_each>": ["a": [1, 2]], "_do": ["echo>": "x"], "_parallel": true],
            "+teardown": ["echo>": "finish"],
        ])
        #expect(tasks.map(\.fullName) == ["+wf", "+wf+setup", "+wf+repeat", "+wf+teardown"])
        #expect(tasks[0].isGroup)
        #expect(!tasks[2].isGroup)
        #expect(upstreamNames(tasks, "+wf+repeat") == ["+wf+setup"])
        #expect(upstreamNames(tasks, "+wf+teardown") == ["+wf+repeat"])
    }

    @Test func backgroundTaskStartsWithTheFirstAndBlocksTheNext() throws {
        let tasks = try compile([
            "+a": ["echo>": "a"], "+b": ["echo>": "b"], "+c": ["echo>": "c", "_background": true],
            "+d": ["echo>": "d"],
        ])
        #expect(upstreamNames(tasks, "+wf+a") == [])
        #expect(upstreamNames(tasks, "+wf+b") == ["+wf+a"])
        #expect(upstreamNames(tasks, "+wf+c") == [])
        #expect(upstreamNames(tasks, "+wf+d") == ["+wf+b", "+wf+c"])
        #expect(tasks.first { $0.fullName == "+wf+c" }!.config["_background"] == nil)
    }

    @Test func parallelLimitMakesFixedBatches() throws {
        let tasks = try compile([
            "_parallel": ["limit": 2], "+a": ["echo>": "a"], "+b": ["echo>": "b"], "+c": ["echo>": "c"],
        ])
        #expect(upstreamNames(tasks, "+wf+b") == [])
        #expect(upstreamNames(tasks, "+wf+c") == ["+wf+a", "+wf+b"])
    }

    @Test func afterAddsExplicitUpstreams() throws {
        let tasks = try compile([
            "_parallel": true, "+a": ["echo>": "a"], "+b": ["echo>": "b", "_after": ["+a"]],
        ])
        #expect(upstreamNames(tasks, "+wf+b") == ["+wf+a"])
    }

    @Test(arguments: [
        (["_parallel": 2, "+a": ["echo>": "a"]] as Config, "Invalid _parallel format: 2"),
        (["+a": ["echo>": "a", "+b": ["echo>": "b"]]] as Config, "A task can't have subtasks"),
        (["+a": ["echo>": "a", "sh>": "b"]] as Config, "A task can't have more than one operator"),
        (["+a": ["echo>": "a"], "+b": ["echo>": "b", "_after": ["+a"]]] as Config,
         "Setting \"_after\" option is invalid if its parent task doesn't have \"_parallel: true\" option"),
        (["_parallel": true, "+b": ["echo>": "b", "_after": ["+zz"]]] as Config, "Dependency task '+zz' does not exist"),
        (["_parallel": true, "+b": ["echo>": "b", "_background": true]] as Config,
         "Setting \"_background: true\" option is invalid (unnecessary)"),
        (["+a": ["foo": 1, "+b": ["echo>": "b"]]] as Config, "+wf+a contains invalid keys: 'foo'"),
        (["+a b": ["echo>": "x"]] as Config, "task name must not contain character ' '"),
        (["+x": nil] as Config, "Parameter '+x' must be an object or array of objects"),
        (["+a": ["echo>": "a", "_error": ["echo>": "x", "sh>": "y"]]] as Config,
         "A task can't have more than one operator"),
    ])
    func invalidWorkflowsAreRejected(config: Config, message: String) {
        #expect {
            try compile(config)
        } throws: { error in
            (error as? ConfigError)?.message.contains(message) == true
        }
    }

    @Test func disabledNodeBecomesEmptyGroup() throws {
        let tasks = try compile(["+a": ["_disable": true, "+x": ["echo>": "x"]], "+b": ["echo>": "b"]])
        #expect(tasks.map(\.fullName) == ["+wf", "+wf+a", "+wf+b"])
        #expect(tasks[1].isGroup)
    }

    @Test func legacyListFormMergesMappings() throws {
        let tasks = try compile(["+a": [["echo>": "x"], ["_export": ["k": 1]]]])
        #expect(tasks[1].config["echo>"] == "x")
        #expect(tasks[1].exportConfig["k"] == 1)
    }

    @Test func taskPatternsMatchOneStaticSuffix() throws {
        let tasks = try compile(["+a": ["+x": ["echo>": "1"]], "+b": ["+x": ["echo>": "2"]], "+c": ["echo>": "3"]])
        #expect(try TaskMatchPattern("+a+x").findIndex(in: tasks) == 2)
        #expect(throws: ConfigError.self) { try TaskMatchPattern("+x").findIndex(in: tasks) }
        #expect(throws: ConfigError.self) { try TaskMatchPattern("+zzz").findIndex(in: tasks) }
    }
}
