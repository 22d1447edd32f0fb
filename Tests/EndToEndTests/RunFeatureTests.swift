import Foundation
import Testing

/// Operators, parameters and failure handling through the real binary.
@Suite("digdag run: features")
struct RunFeatureTests {
    /// Task output lines only (no log lines).
    func outputs(_ result: DigdagBinary.Result) -> [String] {
        result.normalizedLines.filter { !$0.hasPrefix("TIME ") }
    }

    @Test func parametersFollowDigdagPrecedence() throws {
        let project = try RunProject([
            "wf.dig": """
                timezone: UTC
                _export:
                  from_export: e
                  y: ${session_date}
                  x: ${y}
                +a:
                  echo>: ${from_export} ${from_p} ${nested.k} ${x} ${session_date_compact} ${task_name}
                +b:
                  _export: {from_p: overridden}
                  echo>: ${from_p}
                +c:
                  echo>: ${moment(session_time).add(1, 'days')}
                """,
        ])
        let result = try project.run(["run", "wf.dig", "--session", "2023-07-16", "-p", "from_p=P", "-p", "nested.k=N"])
        #expect(result.status == 0)
        #expect(outputs(result) == ["e P N 2023-07-16 20230716 +wf+a", "overridden", "\"2023-07-17T00:00:00.000Z\""])
    }

    @Test func shellExportsParamsAndEnv() throws {
        let project = try RunProject([
            "wf.dig": """
                _export: {greeting: hello, obj: {a: 1}}
                +a:
                  sh>: echo $greeting $obj $session_date $MY_VAR
                  _env: {MY_VAR: from-env}
                """,
        ])
        let result = try project.run(["run", "wf.dig", "--session", "2023-07-16"])
        #expect(result.status == 0)
        #expect(outputs(result) == [#"hello {"a":1} 2023-07-16 from-env"#])
    }

    @Test func pythonStoresParamsForLaterTasks() throws {
        let project = try RunProject([
            "tasks/__init__.py": "",
            "tasks/steps.py": """
                import digdag
                def produce(name):
                    digdag.env.store({'produced': name + '!'})
                """,
            "wf.dig": """
                +a:
                  py>: tasks.steps.produce
                  name: world
                +b:
                  echo>: ${produced}
                """,
        ])
        let result = try project.run(["run", "wf.dig", "--session", "2023-07-16"])
        #expect(result.status == 0)
        #expect(outputs(result) == ["world!"])
        let saved = try project.temp.read(".digdag/status/20230716T000000+0000/+wf+a.yml")
        #expect(saved.contains("storeParams:\n    produced: \"world!\""))
        // a second run restores the stored params from the status file
        let again = try project.run(["run", "wf.dig", "--start", "+b"])
        #expect(outputs(again) == ["world!"])
    }

    /// `_retry` intervals as durations (`1s`, beyond Digdag's whole seconds); an interval that is
    /// neither fails the task with a configuration error instead of retrying at once.
    @Test func retryIntervalsAcceptDurations() throws {
        let project = try RunProject([
            "wf.dig": "+a:\n  sh>: echo try; exit 1\n  _retry: {limit: 1, interval: 1s}\n",
            "bad.dig": "+a:\n  sh>: echo try; exit 1\n  _retry: {limit: 1, interval: soon}\n",
        ])
        let start = Date()
        let result = try project.run(["run", "wf.dig", "--session", "2023-07-16"])
        #expect(result.status == 1)
        #expect(outputs(result) == ["try", "try"])
        #expect(Date().timeIntervalSince(start) >= 1)
        let bad = try project.run(["run", "bad.dig", "--session", "2023-07-16"])
        #expect(bad.status == 1)
        #expect(outputs(bad) == ["try"])
        #expect((bad.stdout + bad.stderr).contains(
            "Configuration error at task +bad+a: Expected seconds or a duration such as 30s, 10m or 1h for key 'interval' but got \"soon\" (config)"))
    }

    /// `_env` at the top and on groups (refused by Digdag, its issue 937) reaches every task below,
    /// generated ones included; the nearer `_env` wins.
    @Test func envOfGroupsReachesEveryTaskBelow() throws {
        let project = try RunProject([
            "wf.dig": """
                _env: {FOO: root, BAR: root}
                +a:
                  sh>: echo "a $FOO $BAR"
                +g:
                  _env: {BAR: group}
                  +b:
                    _env: {FOO: own}
                    sh>: echo "b $FOO $BAR"
                  +loop:
                    for_each>: {n: [1]}
                    _do:
                      sh>: echo "loop $FOO $BAR"
                  +say:
                    echo>: said
                """,
        ])
        let result = try project.run(["run", "wf.dig", "--session", "2023-07-16"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(outputs(result) == ["a root root", "b own group", "loop root group", "said"])
        // Operators that run no command are not handed the variables (no "not used" warning).
        #expect(!(result.stdout + result.stderr).contains("is not used"))
    }

    /// `sla:`: an attempt still running at its deadline gets the SLA tasks (alert, fail, own
    /// tasks) at once; a broken `sla:` starts nothing.
    @Test func missedSlaAddsItsTasks() throws {
        let project = try RunProject([
            "wf.dig": """
                sla:
                  duration: 00:00:01
                  fail: true
                  +notice:
                    sh>: echo sla-missed
                +slow:
                  sh>: sleep 2
                +after:
                  echo>: after
                """,
        ])
        let result = try project.run(["run", "wf.dig", "--session", "2023-07-16"])
        #expect(result.status == 1)
        #expect(outputs(result).contains("sla-missed"))
        #expect(outputs(result).last == "after")
        #expect(result.stderr.contains("  * +wf^sla^fail:\n    SLA violation"))
        let broken = try RunProject(["wf.dig": "sla:\n  time: soon\n+a:\n  echo>: a\n"])
        let refused = try broken.run(["run", "wf.dig", "--session", "2023-07-16"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("error: SLA time option needs to be HH:MM or HH:MM:SS format: soon"))
    }

    @Test func errorHandlerAndRetry() throws {
        let project = try RunProject([
            "wf.dig": """
                +a:
                  sh>: echo try; exit 1
                  _retry: 2
                  _error:
                    echo>: handled ${error.message}
                """,
        ])
        let result = try project.run(["run", "wf.dig", "--session", "2023-07-16"])
        #expect(result.status == 1)
        #expect(outputs(result) == ["try", "try", "try", "handled Command failed with code 1 (runtime)"])
        #expect(result.normalizedLines.filter { $0.contains("Task failed, retrying") }.count == 2)
        #expect(result.stderrAfterBanner.contains("  * +wf+a:\n    Command failed with code 1 (runtime)\n"))
    }

    @Test func loopForEachAndParallelLimit() throws {
        let project = try RunProject([
            "wf.dig": """
                +l:
                  loop>: 3
                  _do:
                    echo>: loop ${i}
                +f:
                  for_each>: {n: [1, 2]}
                  _do:
                    echo>: each ${n}
                """,
        ])
        let result = try project.run(["run", "wf.dig", "--session", "2023-07-16"])
        #expect(result.status == 0)
        #expect(outputs(result) == ["loop 0", "loop 1", "loop 2", "each 1", "each 2"])
        #expect(result.stdout.contains("(NNNN@[0:default:1:1]+wf+f^sub+for-0=n=1=2)".replacingOccurrences(of: "NNNN", with: "0016")) || result.normalizedLines.contains { $0.contains("+wf+f^sub+for-0=n=1=2)") })
    }

    @Test func startGoalAndEndSelectTasks() throws {
        let project = try RunProject([
            "wf.dig": "+a:\n  echo>: A\n+b:\n  echo>: B\n+c:\n  echo>: C\n",
        ])
        #expect(outputs(try project.run(["run", "wf.dig", "--session", "2023-07-16", "--end", "+b"])) == ["A"])
        #expect(outputs(try project.run(["run", "wf.dig", "--session", "2023-07-16", "--goal", "+b"])) == ["B"])
        #expect(outputs(try project.run(["run", "wf.dig", "--session", "2023-07-16", "--start", "+b"])) == ["B", "C"])
        #expect(outputs(try project.run(["run", "wf.dig", "--session", "2023-07-16", "--rerun", "+c"])) == ["C"])
    }

    @Test func dryRunAndShowParams() throws {
        let project = try RunProject(["wf.dig": "+a:\n  echo>: A\n"])
        let result = try project.run(["run", "wf.dig", "--session", "2023-07-16", "-dE", "--no-save"])
        #expect(result.status == 0)
        #expect(outputs(result).contains("  task_name: \"+wf+a\""))
        #expect(outputs(result).contains("  _command: \"A\""))
        #expect(!outputs(result).contains("A"))
    }
}
