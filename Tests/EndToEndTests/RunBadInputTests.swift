import Foundation
import Testing

/// Bad input: Digdag's message after `error: `, exit code 1, no status file for failed tasks.
@Suite("digdag run: bad input")
struct RunBadInputTests {
    @Test(arguments: [
        ("+a:\n  echo>: [x\n", "Validating project failed\nworkflow "),
        ("foo: 1\n+a:\n  echo>: x\n", "Workflow 'wf' includes unknown keys: [foo] (model validation)"),
        ("+a:\n  echo>: x\n+a:\n  echo>: y\n", "Duplicated keys: [+a]"),
        ("_parallel: 2\n+a:\n  echo>: x\n", "Invalid _parallel format: 2"),
        ("+x:\n", "Parameter '+x' is required but null"),
        ("timezone: JST\n+a:\n  echo>: x\n", "Unknown time zone name: JST"),
        ("+a b:\n  echo>: x\n", "task name must not contain character ' '"),
    ])
    func invalidWorkflowFailsBeforeRunning(workflow: String, message: String) throws {
        let project = try RunProject(["wf.dig": workflow])
        let result = try project.run(["run", "wf.dig", "--session", "2023-01-01"])
        #expect(result.status == 1)
        #expect(result.stderrAfterBanner.hasPrefix("error: "))
        #expect(result.stderrAfterBanner.contains(message))
        #expect(!result.stderr.contains("Fatal error"))
        #expect(!project.temp.exists(".digdag/status"))
    }

    @Test(arguments: [
        ("+a:\n  nope>: x\n", "Unknown task type: nope (config)"),
        ("+a:\n  echo>: hello ${foo}\n", "Failed to evaluate a variable hello ${foo} (ReferenceError: foo is not defined) (config)"),
        ("+a:\n  sh>: exit 3\n", "Command failed with code 3 (runtime)"),
        ("+a:\n  fail>: broken\n", "broken"),
    ])
    func failingTaskIsReportedWithDigdagsSummary(workflow: String, message: String) throws {
        let project = try RunProject(["wf.dig": workflow + "+b:\n  echo>: never\n"])
        let result = try project.run(["run", "wf.dig", "--session", "2023-01-01"])
        #expect(result.status == 1)
        let statusDir = project.temp.url.appendingPathComponent(".digdag/status/20230101T000000+0000").path
        #expect(result.stderrAfterBanner == """
            error: 
              * +wf+a:
                \(message)

            Task state is saved at \(statusDir) directory.
              * Use --session <daily | hourly | "yyyy-MM-dd[ HH:mm:ss]"> to not reuse the last session time.
              * Use --rerun, --start +NAME, or --goal +NAME argument to rerun skipped tasks.

            """)
        #expect(!result.stdout.contains("never"))
        #expect(!project.temp.exists(".digdag/status/20230101T000000+0000/+wf+a.yml"))
        #expect(!project.temp.exists(".digdag/status/20230101T000000+0000/+wf.yml"))
    }

    @Test(arguments: [
        (["--session", "2023-13-01"], "error: --session must be hourly, daily, last, \"yyyy-MM-dd\", or \"yyyy-MM-dd HH:mm:SS\" format: 2023-13-01"),
        (["-p", "foo"], "error: Parameter -p expected a value of the form a=b but got:foo"),
        (["+zzz"], "error: Task pattern '+zzz' doesn't match with any tasks."),
    ])
    func badOptions(arguments: [String], message: String) throws {
        let project = try RunProject(["wf.dig": "+a:\n  echo>: x\n"])
        let result = try project.run(["run", "wf.dig"] + arguments)
        #expect(result.status == 1)
        #expect(result.stderrAfterBanner.hasPrefix(message))
    }

    @Test func missingWorkflow() throws {
        let project = try RunProject(["wf.dig": "+a:\n  echo>: x\n"])
        let result = try project.run(["run", "other"])
        #expect(result.status == 1)
        #expect(result.stderrAfterBanner == "error: Workflow 'other' does not exist in current directory. You may need to change directory first, or set --project option.\n")
    }
}
