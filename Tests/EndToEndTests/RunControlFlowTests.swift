import Foundation
import Testing

/// `if>`, `for_range>`, `wait>`, `call>` and `require>` through the real binary.
@Suite("digdag run: control-flow operators")
struct RunControlFlowTests {
    func outputs(_ result: DigdagBinary.Result) -> [String] {
        result.normalizedLines.filter { !$0.hasPrefix("TIME ") }
    }

    func logged(_ result: DigdagBinary.Result) -> [String] {
        result.normalizedLines.filter { $0.hasPrefix("TIME ") }
    }

    @Test func ifAndForRange() throws {
        let project = try RunProject([
            "wf.dig": """
                +r:
                  for_range>: {from: 0, to: 10, slices: 3}
                  _do:
                    echo>: ${range.index}:${range.from}-${range.to}
                +yes:
                  if>: ${1 == 1}
                  _do:
                    echo>: then
                  _else_do:
                    echo>: else
                +no:
                  if>: false
                  _do:
                    +a:
                      echo>: never
                  _else_do:
                    +b:
                      echo>: otherwise
                """,
        ])
        let result = try project.run(["run", "wf.dig", "--session", "2023-07-16"])
        #expect(result.status == 0)
        #expect(outputs(result) == ["0:0-4", "1:4-8", "2:8-10", "then", "otherwise"])
        let names = logged(result).compactMap { $0.firstMatch(of: /\+wf[^)]*/).map { String($0.output) } }
        #expect(names.contains("+wf+r^sub+range-from=4&to=8"))
        #expect(names.contains("+wf+yes^sub"))
        #expect(names.contains("+wf+no^sub+b"))
    }

    @Test(arguments: [
        ("for_range>: {from: 0, to: 3}", "step or slices option is required for for_range (config)"),
        ("for_range>: {from: 0, to: 3, step: 0}", "step option must be same or greater than 1 but got 0 (config)"),
        ("if>: true", "Both _do and _else_do are not specified. (config)"),
        ("wait>: 10", "Invalid configuration (config)"),
    ])
    func invalidOptions(line: String, message: String) throws {
        let body = line.hasPrefix("for_range") ? "\n  _do:\n    echo>: x" : ""
        let project = try RunProject(["wf.dig": "+t:\n  \(line)\(body)\n"])
        let result = try project.run(["run", "wf.dig", "--session", "2023-07-16"])
        #expect(result.status == 1)
        #expect(result.stderrAfterBanner.contains("  * +wf+t:\n    \(message)\n"))
    }

    @Test func waitPollsWithoutHoldingAWorker() throws {
        let project = try RunProject([
            "wf.dig": """
                _parallel: true
                +w:
                  wait>: 1s
                +e:
                  echo>: meanwhile
                """,
        ])
        let result = try project.run(["run", "wf.dig", "--session", "2023-07-16"])
        #expect(result.status == 0)
        #expect(outputs(result) == ["meanwhile"])
        #expect(logged(result).filter { $0.contains("+wf+w) io.digdag.core.agent.OperatorManager: wait>: 1s") }.count == 1)
        #expect(logged(result).contains { $0.contains("wait finished. start:") })
    }

    @Test func callRunsASubdirectoryWorkflowWithItsWorkdir() throws {
        let project = try RunProject([
            "main.dig": "+c:\n  call>: sub/child\n+after:\n  echo>: after ${stored}\n",
            "sub/child.dig": "_export: {k: v}\n+x:\n  sh>: echo \"$(basename $(pwd)) $k\"\n+y:\n  py>: steps.store\n",
            "sub/steps.py": "import digdag\ndef store():\n    digdag.env.store({'stored': 'yes'})\n",
        ])
        let result = try project.run(["run", "main.dig", "--session", "2023-07-16"])
        #expect(result.status == 0)
        #expect(outputs(result) == ["sub v", "after yes"])
        #expect(logged(result).contains { $0.contains("(NNNN@[0:default:1:1]+main+c^sub+x)") })
    }

    @Test func requireRunsOtherSessionsOnce() throws {
        let project = try RunProject([
            "main.dig": """
                +a:
                  require>: other
                  params: {who: first}
                +b:
                  require>: other
                +c:
                  require>: failing
                  ignore_failure: true
                +d:
                  require>: failing
                """,
            "other.dig": "+x:\n  echo>: other ${session_id} ${attempt_id} ${who}\n",
            "failing.dig": "+x:\n  fail>: nope\n",
        ])
        let result = try project.run(["run", "main.dig", "--session", "2023-07-16"])
        #expect(result.status == 1)
        // `other` ran once (session 2); the failure lines are the second lines of ERROR log messages
        #expect(outputs(result) == ["other 2 2 first", "nope", "Dependent workflow failed. Session id: 3, attempt id: 3"])
        #expect(result.stderrAfterBanner.contains("  * +main+d:\n    Dependent workflow failed. Session id: 3, attempt id: 3\n"))
        #expect(logged(result).contains { $0.contains("Starting a new session project id=1 workflow name=failing") })
        #expect(!result.stderrAfterBanner.contains("+main+c:"))
    }
}

@Suite("digdag run: unused parameters")
struct RunUnusedKeyTests {
    @Test func unusedLocalKeysAreReported() throws {
        let project = try RunProject(["wf.dig": "+a:\n  echo>: hi\n  foo: 1\n+b:\n  wait>: 1s\n  blockng: true\n"])
        let result = try project.run(["run", "wf.dig", "--session", "2023-07-16", "--no-save"])
        #expect(result.status == 0)
        let errors = result.normalizedLines.filter { $0.hasPrefix("TIME [ERROR]") }
        #expect(errors == [
            "TIME [ERROR] (NNNN@[0:default:1:1]+wf+a) io.digdag.core.agent.OperatorManager: Parameter 'foo' is not used at task +wf+a.",
            "TIME [ERROR] (NNNN@[0:default:1:1]+wf+b) io.digdag.core.agent.OperatorManager: Parameter 'blockng' is not used at task +wf+b.",
            "TIME [ERROR] (NNNN@[0:default:1:1]+wf+b) io.digdag.core.agent.OperatorManager:   > Did you mean [blocking]?",
        ])
    }
}
