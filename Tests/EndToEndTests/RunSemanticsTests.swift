import Foundation
import Testing

/// Failure and parameter semantics that must match Digdag exactly, through the binary.
@Suite("digdag run: Digdag semantics")
struct RunSemanticsTests {
    func outputs(_ result: DigdagBinary.Result) -> [String] {
        result.normalizedLines.filter { !$0.hasPrefix("TIME ") }
    }

    @Test func taskLimitFailsTheGeneratingTask() throws {
        let project = try RunProject(["wf.dig": "+l:\n  loop>: 5\n  _do:\n    echo>: ${i}\n"])
        let result = try project.run(["run", "wf.dig", "--session", "2023-07-16", "-X", "executor.task_max_run=4"])
        #expect(result.status == 1)
        #expect(result.stderrAfterBanner.contains("Too many loop subtasks. Limit: 4 (config)"))
        let tooMany = try RunProject(["wf.dig": (1...5).map { "+t\($0):\n  echo>: \($0)\n" }.joined()])
        let limited = try tooMany.run(["run", "wf.dig", "-X", "executor.task_max_run=5"])
        #expect(limited.status == 1)
        #expect(limited.stderrAfterBanner.hasPrefix("error: Too many tasks. Limit: 5, Current: 0, Adding: 6"))
    }

    @Test func retryInheritedThroughExportAndGroupRetry() throws {
        let project = try RunProject([
            "wf.dig": """
                _parallel: true
                +g:
                  _export:
                    _retry: 1
                  +a:
                    sh>: echo try-a; exit 1
                +h:
                  _retry: 1
                  +b:
                    echo>: group-b
                  +c:
                    fail>: c-failed
                """,
        ])
        let result = try project.run(["run", "wf.dig", "--session", "2023-07-16"])
        #expect(result.status == 1)
        // `_retry` in +g's `_export` retries +a once as an operator and +g once as a group: 2 x 2 runs
        #expect(outputs(result).filter { $0 == "try-a" }.count == 4)
        // +h's own `_retry` is a group retry only: +b runs twice
        #expect(outputs(result).filter { $0 == "group-b" }.count == 2)
        #expect(result.stderrAfterBanner.contains("  * +wf+g+a:\n    Command failed with code 1 (runtime)\n"))
    }

    @Test func errorHandlersRunBottomUpWithMergedErrors() throws {
        let project = try RunProject([
            "wf.dig": """
                _error:
                  echo>: workflow ${error.message}
                +g:
                  _error:
                    echo>: group ${error.message}
                  +t:
                    fail>: inner
                    _error:
                      echo>: task ${error.message}
                """,
        ])
        let result = try project.run(["run", "wf.dig", "--session", "2023-07-16"])
        #expect(result.status == 1)
        #expect(outputs(result).filter { !$0.isEmpty && $0 != "inner" } == ["task inner", "group inner", "workflow inner"])
        let names = result.normalizedLines.compactMap { $0.firstMatch(of: /\+wf[^)]*/).map { String($0.output) } }
        #expect(names.contains("+wf+g+t^error"))
        #expect(names.contains("+wf+g^error"))
        #expect(names.contains("+wf^error"))
        #expect(names.contains("+wf^failure-alert"))
    }

    @Test func checkRunsAfterSubtasksAndParallelJoinsUseDeclarationOrder() throws {
        let project = try RunProject([
            "tasks.py": """
                import digdag
                def store(v):
                    digdag.env.store({'v': v})
                """,
            "wf.dig": """
                +fork:
                  _parallel: true
                  +a:
                    py>: tasks.store
                    v: a
                  +b:
                    py>: tasks.store
                    v: b
                +join:
                  echo>: joined ${v}
                +loop:
                  loop>: 2
                  _do:
                    echo>: iteration ${i}
                  _check:
                    echo>: checked
                """,
        ])
        let result = try project.run(["run", "wf.dig", "--session", "2023-07-16"])
        #expect(result.status == 0)
        #expect(outputs(result) == ["joined b", "iteration 0", "iteration 1", "checked"])
    }
}
