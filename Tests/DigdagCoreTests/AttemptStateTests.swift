import DigdagCore
import Foundation
import Testing

/// Drives the pure state machine one event at a time, with operator tasks "run" by the test.
struct Harness {
    var state: AttemptState
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    init(_ config: Config, maxTasks: Int = 1000) throws {
        state = try AttemptState(workflow: WorkflowCompiler().compileWorkflow(name: "wf", config: config), maxTasks: maxTasks)
    }

    /// Starts whatever is ready and returns the names that started.
    mutating func step() -> [String] {
        state.propagate(now: now)
        return state.startReadyTasks(now: now).map { state.task($0).fullName }
    }

    func id(_ name: String) -> Int64 { state.tasks.last { $0.fullName == name }!.id }
    func stateOf(_ name: String) -> TaskState { state.tasks.last { $0.fullName == name }!.state }

    mutating func succeed(_ name: String, _ outcome: TaskOutcome = TaskOutcome()) {
        state.taskSucceeded(id(name), result: outcome, now: now)
    }

    mutating func fail(_ name: String, _ message: String = "boom") {
        state.taskFailed(id(name), error: ["message": .string(message)], now: now)
    }
}

@Suite struct AttemptStateTests {
    @Test func sequentialTasksRunOneAfterAnother() throws {
        var h = try Harness(["+a": ["echo>": "a"], "+b": ["echo>": "b"]])
        #expect(h.step() == ["+wf+a"])
        h.succeed("+wf+a")
        #expect(h.step() == ["+wf+b"])
        h.succeed("+wf+b")
        #expect(h.step() == [])
        #expect(h.state.isDone)
        #expect(h.state.root.state == .success)
    }

    @Test func failureLeavesLaterSiblingsBlockedAndParallelSiblingsFinish() throws {
        var h = try Harness([
            "+p": ["_parallel": true, "+x": ["echo>": "x"], "+y": ["echo>": "y"]],
            "+after": ["echo>": "never"],
        ])
        #expect(h.step() == ["+wf+p+x", "+wf+p+y"])
        h.fail("+wf+p+x")
        #expect(h.step() == [])
        #expect(!h.state.isDone)
        h.succeed("+wf+p+y")
        _ = h.step()
        #expect(h.stateOf("+wf+p") == .groupError)
        #expect(h.stateOf("+wf+after") == .blocked)
        // the root adds ^failure-alert before it fails
        #expect(h.step() == [])
        let started = h.state.tasks.filter { $0.state == .running }.map(\.fullName)
        #expect(started == ["+wf^failure-alert"])
        h.succeed("+wf^failure-alert")
        _ = h.step()
        #expect(h.state.root.state == .groupError)
    }

    @Test func errorHandlerRunsAsChildAndTaskEndsInError() throws {
        var h = try Harness(["+a": ["sh>": "x", "_error": ["echo>": "failed ${error.message}"]]])
        #expect(h.step() == ["+wf+a"])
        h.fail("+wf+a", "bad")
        #expect(h.stateOf("+wf+a") == .planned)
        #expect(h.step() == ["+wf+a^error"])
        let errorTask = h.state.task(h.id("+wf+a^error"))
        #expect(errorTask.exportConfig["error"] == ["message": "bad"])
        h.succeed("+wf+a^error")
        _ = h.step()
        #expect(h.stateOf("+wf+a") == .error)
    }

    @Test func subtasksAndCheckRunAfterOperator() throws {
        var h = try Harness(["+a": ["for_each>": "x", "_check": ["echo>": "check"]]])
        #expect(h.step() == ["+wf+a"])
        h.succeed("+wf+a", TaskOutcome(subtaskConfig: ["+one": ["echo>": "1"], "+two": ["echo>": "2"]]))
        #expect(h.step() == ["+wf+a^sub+one"])
        h.succeed("+wf+a^sub+one")
        #expect(h.step() == ["+wf+a^sub+two"])
        h.succeed("+wf+a^sub+two")
        #expect(h.step() == ["+wf+a^check"])
        h.succeed("+wf+a^check")
        _ = h.step()
        #expect(h.state.root.state == .success)
    }

    @Test func groupRetryRecreatesChildren() throws {
        var h = try Harness(["+g": ["_retry": 1, "+x": ["sh>": "x"]]])
        #expect(h.step() == ["+wf+g+x"])
        h.fail("+wf+g+x")
        // interval 0: the group waits, is woken in the same propagation and recreates +x
        #expect(h.step() == ["+wf+g+x"])
        #expect(h.state.tasks.filter { $0.fullName == "+wf+g+x" }.count == 2)
        #expect(h.state.task(h.id("+wf+g")).stateParams["retry_count"] == 1)
        h.succeed("+wf+g+x")
        _ = h.step()
        #expect(h.state.root.state == .success)
    }

    @Test func taskLimitFailsTheGeneratingTask() throws {
        var h = try Harness(["+a": ["loop>": 5]], maxTasks: 4)
        #expect(h.step() == ["+wf+a"])
        h.succeed("+wf+a", TaskOutcome(subtaskConfig: ["+1": ["echo>": "1"], "+2": ["echo>": "2"], "+3": ["echo>": "3"]]))
        #expect(h.stateOf("+wf+a") == .error)
        #expect(h.state.task(h.id("+wf+a")).error?["message"]?.stringValue?.hasPrefix("Too many tasks. Limit: 4") == true)
    }

    @Test func storedParamsFlowToLaterTasksOnly() throws {
        var h = try Harness([
            "_export": ["v": "top"],
            "+a": ["py>": "t.store_v"],
            "+g": ["_export": ["v": "g"], "+x": ["sh>": "echo ${v}"]],
            "+b": ["sh>": "echo ${v}"],
        ])
        #expect(h.step() == ["+wf+a"])
        #expect(h.state.collectParams(for: h.id("+wf+a"), base: [:])["v"] == "top")
        h.succeed("+wf+a", TaskOutcome(storeParams: ["v": "a"]))
        #expect(h.step() == ["+wf+g+x"])
        #expect(h.state.collectParams(for: h.id("+wf+g+x"), base: [:])["v"] == "g")
        h.succeed("+wf+g+x")
        #expect(h.step() == ["+wf+b"])
        #expect(h.state.collectParams(for: h.id("+wf+b"), base: [:])["v"] == "a")
    }

    @Test func parallelStoresAreAppliedInDeclarationOrder() throws {
        var h = try Harness([
            "+fork": ["_parallel": true, "+a": ["py>": "a"], "+b": ["py>": "b"]],
            "+join": ["echo>": "${v}"],
        ])
        #expect(h.step() == ["+wf+fork+a", "+wf+fork+b"])
        h.succeed("+wf+fork+b", TaskOutcome(storeParams: ["v": "b"]))
        h.succeed("+wf+fork+a", TaskOutcome(storeParams: ["v": "a"]))
        #expect(h.step() == ["+wf+join"])
        #expect(h.state.collectParams(for: h.id("+wf+join"), base: [:])["v"] == "b")
    }

    @Test(arguments: [
        (["_retry": 3] as Config, 0, 3, 0),
        (["_retry": ["limit": 2, "interval": 10, "interval_type": "exponential"]] as Config, 2, 2, 40),
        (["_retry": ["limit": 5, "interval": 10, "interval_type": "exponential", "max_interval": 15]] as Config, 2, 5, 15),
        (["_retry": "4"] as Config, 0, 4, 0),
        (["_retry": ["limit": 1, "interval": "2m"]] as Config, 0, 1, 120),
        (["_retry": ["limit": 9, "interval": "10s", "interval_type": "exponential", "max_interval": "1h"]] as Config, 9, 9, 3600),
        (["_retry": ["limit": 1, "interval": "1d 2h"]] as Config, 0, 1, 93_600),
    ])
    func retryPolicies(config: Config, count: Int, limit: Int, interval: Int) throws {
        let policy = try RetryPolicy.read(config, stateParams: ["retry_count": .int(Int64(count))], enabledByDefault: false)
            .get()
        #expect(policy.limit == limit)
        #expect(policy.nextInterval == interval)
    }

    @Test(arguments: ["soon", "-5", "1h 2d"])
    func retryIntervalsThatAreNeitherSecondsNorDurationsAreErrors(_ interval: String) {
        let config: Config = ["_retry": ["limit": 1, "interval": .string(interval)]]
        let read = RetryPolicy.read(config, stateParams: [:], enabledByDefault: false)
        #expect(throws: ConfigError.self) { try read.get() }
    }
}

@Suite struct GroupErrorTests {
    @Test func groupErrorHandlerSeesDescendantErrorsAndStores() throws {
        var h = try Harness([
            "+g": [
                "_parallel": true, "_error": ["echo>": "${error.message} ${s}"],
                "+a": ["py>": "store"], "+b": ["sh>": "fail"],
            ],
        ])
        #expect(h.step() == ["+wf+g+a", "+wf+g+b"])
        h.succeed("+wf+g+a", TaskOutcome(storeParams: ["s": "stored"]))
        h.fail("+wf+g+b", "bad")
        #expect(h.step() == ["+wf+g^error"])
        let export = h.state.task(h.id("+wf+g^error")).exportConfig
        #expect(export["error"] == ["message": "bad"])
        #expect(export["s"] == "stored")
        h.succeed("+wf+g^error")
        _ = h.step()
        #expect(h.stateOf("+wf+g") == .groupError)
    }
}

@Suite struct AttemptKillTests {
    @Test func killEndsBlockedTasksAsCanceled() throws {
        var h = try Harness([
            "+a": ["echo>": "a"],
            "+b": ["echo>": "b"],
            "+g": ["+inner": ["echo>": "i"]],
        ])
        #expect(h.step() == ["+wf+a"])
        h.state.requestCancel()
        h.succeed("+wf+a")
        #expect(h.step() == [])
        #expect(h.state.isDone)
        #expect(h.state.root.state == .canceled)
        #expect(h.stateOf("+wf+a") == .canceled)  // Digdag: a task finishing after a kill ends canceled
        #expect(h.stateOf("+wf+b") == .canceled)
        #expect(h.stateOf("+wf+g") == .canceled)
        #expect(h.stateOf("+wf+g+inner") == .canceled)
        #expect(!h.state.tasks.contains { $0.state == .blocked })
    }

    @Test func failureWithoutKillStillLeavesLaterTasksBlocked() throws {
        var h = try Harness(["+a": ["echo>": "a"], "+b": ["echo>": "b"]])
        #expect(h.step() == ["+wf+a"])
        h.fail("+wf+a")
        _ = h.step()
        #expect(h.stateOf("+wf+b") == .blocked)
    }
}

@Suite struct SessionParamsTests {
    let tokyo = TimeZone(identifier: "Asia/Tokyo")!

    @Test func scheduledWorkflowGetsLastAndNext() throws {
        let session = try #require(ZonedTime.at(year: 2023, month: 3, day: 10, hour: 0, minute: 0, second: 0, zone: tokyo))
        let params = SessionParams.build(
            overrides: ["k": "v"], schedule: .object(["daily>": "07:00:00"]), zone: tokyo, sessionTime: session,
            lastExecutedSessionTime: session.addingTimeInterval(-86_400 * 2))
        #expect(params["k"] == "v")
        #expect(params["last_session_time"] == "2023-03-09T00:00:00+09:00")
        #expect(params["next_session_time"] == "2023-03-11T00:00:00+09:00")
        #expect(params["last_executed_session_time"] == "2023-03-08T00:00:00+09:00")
    }

    @Test func unscheduledWorkflowKeepsTheOverrides() {
        let params = SessionParams.build(overrides: ["k": "v"], schedule: nil, zone: tokyo, sessionTime: Date())
        #expect(params == ["k": "v"])
    }
}
