import DigdagCore
import DigdagOperatorKit
import Foundation
import Testing

@testable import DigdagOperators

@Suite(.enabled(if: Prerequisites.ruby, "ruby is not installed"))
struct RbOperatorTests {
    let op = RbOperator(executor: SimpleCommandExecutor())

    static let tasks = """
        def hello(name, greeting = "hello", punctuation: "!", **all)
          puts "#{greeting} #{name}#{punctuation} (#{all.keys.grep(/\\Aw/).sort.join(',')})"
          $stdout.flush
        end

        def needs(p); end

        def needs_keyword(k:); end

        def fails
          raise "boom"
        end

        def env
          puts "#{ENV['SECRET_ENV']} #{ENV.fetch('plain', 'no-param-env')}"
        end

        module Jobs
          class Greeter
            def initialize(name, suffix = ".")
              @name = name
              @suffix = suffix
            end

            def shout(times: 1)
              puts ("HI " + @name.upcase) * times + @suffix
            end

            def results
              Digdag.env.store(stored: 1, "other" => "s")
              Digdag.env.export(exported: [1, 2])
              Digdag.env.add_subtask(:hello, name: "sub")
              Digdag.env.add_subtask(Jobs::Greeter, :shout, times: 2)
              Digdag.env.add_subtask("echo>" => "hi", "y" => 2)
              Digdag.env.set_state(ignored: true)
            end

            def self.single(n)
              puts "single #{n * 2}"
            end
          end
        end
        """

    func project() throws -> TestProject {
        let project = try TestProject()
        try project.write("tasks.rb", RbOperatorTests.tasks)
        return project
    }

    func context(_ project: TestProject, _ method: String?, params: Config = [:], local: Config = [:],
                 secrets: [String: String] = [:]) -> OperatorContext {
        var all: Config = ["rb": ["require": "tasks"]]
        all.deepMerge(params)
        return project.context(
            type: "rb", command: method.map { .string($0) }, params: all, local: local, secrets: secrets)
    }

    @Test func topLevelMethodWithPositionalKeywordAndRestParams() async throws {
        let project = try project()
        defer { project.remove() }
        let result = try await op.run(context(project, "hello", params: ["name": "world", "who": 1]))
        #expect(result == .empty)
        _ = try await op.run(
            context(project, "hello", params: ["name": "ann", "greeting": "hey", "punctuation": "?"]))
        #expect(project.output.text == "hello world! (who)\nhey ann? ()\n")
    }

    @Test func instanceAndSingletonMethods() async throws {
        let project = try project()
        defer { project.remove() }
        _ = try await op.run(context(project, "Jobs::Greeter.shout", params: ["name": "bob", "times": 2]))
        _ = try await op.run(context(project, "::Jobs::Greeter.shout", params: ["name": "x", "suffix": "!"]))
        _ = try await op.run(context(project, "Jobs::Greeter.single", params: ["n": 21]))
        #expect(project.output.text == "HI BOBHI BOB.\nHI X!\nsingle 42\n")
    }

    @Test func storeExportAndSubtasks() async throws {
        let project = try project()
        defer { project.remove() }
        let result = try await op.run(context(project, "Jobs::Greeter.results", params: ["name": "n"]))
        #expect(result.storeParams == ["stored": 1, "other": "s"])
        #expect(result.exportParams == ["exported": [1, 2]])
        #expect(Array(result.subtaskConfig.keys) == ["+subtask0", "+subtask1", "+subtask2"])
        #expect(result.subtaskConfig["+subtask0"] == ["name": "sub", "rb>": "hello"])
        #expect(result.subtaskConfig["+subtask1"] == ["times": 2, "rb>": "::Jobs::Greeter.shout"])
        #expect(result.subtaskConfig["+subtask2"] == ["echo>": "hi", "y": 2])
    }

    @Test func missingParameters() async throws {
        let project = try project()
        defer { project.remove() }
        let positional = try await failure(context(project, "needs"))
        #expect(positional.hasPrefix(
            "Ruby command failed with code 1: Method 'needs' requires parameter 'p' but not set (ArgumentError)\n\tfrom "))
        let keyword = try await failure(context(project, "needs_keyword"))
        #expect(keyword.hasPrefix("Ruby command failed with code 1: Method 'needs_keyword' requires parameter 'k'"))
        let initializer = try await failure(context(project, "Jobs::Greeter.shout"))
        #expect(initializer.hasPrefix(
            "Ruby command failed with code 1: Method 'Jobs::Greeter#initialize' requires parameter 'name' but not set"))
        let singleton = try await failure(context(project, "Jobs::Greeter.single"))
        #expect(singleton.hasPrefix(
            "Ruby command failed with code 1: Method 'Jobs::Greeter.single' requires parameter 'n' but not set"))
    }

    @Test func exceptionMessageAndBacktrace() async throws {
        let project = try project()
        defer { project.remove() }
        let message = try await failure(context(project, "fails"))
        let lines = message.components(separatedBy: "\n")
        #expect(lines[0] == "Ruby command failed with code 1: boom (RuntimeError)")
        #expect(lines[1].hasPrefix("\tfrom ") && lines[1].hasSuffix("tasks.rb:11:in `fails'"))
        #expect(project.output.text.contains("boom (RuntimeError)"))
    }

    @Test(arguments: [
        ("nothing", "undefined method `nothing' for the top level (define it in a file given by require:) (NoMethodError)"),
        ("Jobs::Greeter.nope", "undefined method `nope' for class `Jobs::Greeter' (NoMethodError)"),
        ("Nope.run", "uninitialized constant Nope (NameError)"),
    ])
    func unknownTargets(method: String, expected: String) async throws {
        let project = try project()
        defer { project.remove() }
        let message = try await failure(context(project, method))
        #expect(message.components(separatedBy: "\n")[0] == "Ruby command failed with code 1: " + expected)
    }

    @Test func failedRequireHasOnlyTheExitCode() async throws {
        let project = try project()
        defer { project.remove() }
        let message = try await failure(context(project, "hello", params: ["rb": ["require": "missing_file"]]))
        #expect(message == "Ruby command failed with code 1")
        #expect(project.output.text.contains("missing_file"))
    }

    @Test func onlyEnvIsExported() async throws {
        let project = try project()
        defer { project.remove() }
        let context = context(
            project, "env", params: ["plain": "param"],
            local: ["_env": ["SECRET_ENV": "${secret:k}"]], secrets: ["k": "v"])
        _ = try await op.run(context)
        #expect(project.output.text == "v no-param-env\n")
    }

    @Test func commandLine() throws {
        let project = try project()
        defer { project.remove() }
        let request = try op.prepare(
            context(project, "Jobs::Greeter.shout", params: ["ruby": ["ruby", "-W0"]]))
        let ioDirectory = try #require(request.ioDirectory)
        defer { try? FileManager.default.removeItem(at: ioDirectory) }
        let io = ScratchDirectory.relativePath(of: ioDirectory, from: project.path)
        #expect(io.hasPrefix(".digdag/tmp/digdag-rb-7-"))
        #expect(request.commandLine == [
            "ruby", "-W0", "-I", project.path.standardizedFileURL.path, "-r", "tasks", "--",
            "\(io)/runner.rb", "Jobs::Greeter.shout", "\(io)/input.json", "\(io)/output.json",
        ])
        #expect(request.environment == [:])
        let input = try String(contentsOf: ioDirectory.appendingPathComponent("input.json"), encoding: .utf8)
        #expect(input.hasPrefix(#"{"params":{"session_time":"#))
    }

    @Test func scriptFormAndRubyOption() async throws {
        let project = try project()
        defer { project.remove() }
        let script = """
            require 'json'
            params = JSON.parse(File.read(ARGV[0]))['params']
            puts "script sees #{params['who']}"
            File.write(ARGV[1], JSON.generate('store_params' => { 'seen' => params['who'] }))
            """
        let result = try await op.run(
            project.context(type: "rb", command: nil, params: ["who": "me", "ruby": "ruby"],
                            local: ["script": .string(script)]))
        #expect(project.output.text == "script sees me\n")
        #expect(result.storeParams == ["seen": "me"])
        await #expect(throws: ConfigError("Invalid ruby: 3")) {
            try await op.run(context(project, "hello", params: ["ruby": 3]))
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
