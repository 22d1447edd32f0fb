import Foundation
import Testing

/// `rb>` through the real binary.
@Suite("digdag run: rb>", .enabled(if: ScriptPrerequisites.ruby, "ruby is not installed"))
struct ScriptRbTests {
    func outputs(_ result: DigdagBinary.Result) -> [String] {
        result.normalizedLines.filter { !$0.hasPrefix("TIME ") }
    }

    static let tasks = """
        class Steps
          def produce(name)
            Digdag.env.store(produced: "#{name}!")
            Digdag.env.export(greeting: "hi")
            Digdag.env.add_subtask(Steps, :child, n: 1)
            Digdag.env.add_subtask(:top_child, m: 2)
          end

          def child(n, greeting:)
            puts "child #{n} #{greeting}"
          end
        end

        def top_child(m, **all)
          puts "top #{m} #{all[:greeting]}"
        end

        def fails
          raise ArgumentError, "bad input"
        end
        """

    @Test func storeExportAndSubtasks() throws {
        let project = try RunProject([
            "lib/tasks.rb": ScriptRbTests.tasks,
            "wf.dig": """
                _export:
                  rb:
                    require: lib/tasks
                +a:
                  rb>: Steps.produce
                  name: world
                +b:
                  echo>: ${produced}
                """,
        ])
        let result = try project.run(["run", "wf.dig", "--session", "2023-07-16"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(outputs(result) == ["child 1 hi", "top 2 hi", "world!"])
        #expect(result.normalizedLines.contains { $0.contains("+wf+a^sub+subtask0) ") && $0.hasSuffix(": rb>: ::Steps.child") })
        let saved = try project.temp.read(".digdag/status/20230716T000000+0000/+wf+a.yml")
        #expect(saved.contains("produced: \"world!\""))
    }

    @Test func failureMessage() throws {
        let project = try RunProject([
            "tasks.rb": ScriptRbTests.tasks,
            "wf.dig": """
                +a:
                  rb>: fails
                  require: tasks
                """,
        ])
        let result = try project.run(["run", "wf.dig", "--session", "2023-07-16"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("Ruby command failed with code 1: bad input (ArgumentError)\n\tfrom "))
        #expect(result.stdout.contains("tasks.rb:19:in `fails'"))
    }
}
