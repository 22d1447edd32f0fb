import Foundation
import Testing

@Suite("digdag init")
struct InitTests {
    static let doneLine = "Done. Type `cd mydag` and then `digdag run mydag.dig` to run the workflow. Enjoy!"

    @Test func echoMatchesTheSeedTranscript() throws {
        let temp = try TemporaryDirectory()
        let result = try DigdagBinary.run(["init", "mydag"], in: temp.url)
        #expect(result.status == 0)
        #expect(result.stdout == """
              Creating mydag/mydag.dig
              Creating mydag/.gitignore
            \(Self.doneLine)

            """)
        #expect(result.stderrAfterBanner == "")
        #expect(try temp.read("mydag/.gitignore") == "/.digdag-wrapper\n.digdag\n*.pyc\n")
        let workflow = try temp.read("mydag/mydag.dig")
        #expect(workflow.hasPrefix("timezone: UTC\n"))
        for fragment in [
            "+setup:\n  echo>: start ${session_time}\n",
            "+disp_current_date:\n  echo>: ${moment(session_time).utc().format('YYYY-MM-DD HH:mm:ss Z')}\n",
            "+repeat:\n  for_each>:\n    order: [first, second, third]\n    animal: [dog, cat]\n"
                + "  _do:\n    echo>: ${order} ${animal}\n  _parallel: true\n",
            "+teardown:\n  echo>: finish ${session_time}\n",
        ] {
            #expect(workflow.contains(fragment))
        }
    }

    @Test(arguments: [
        ("echo", [String]()),
        ("sh", ["scripts/myscript.sh"]),
        ("ruby", ["scripts/myclass.rb"]),
        ("python", ["scripts/__init__.py", "scripts/myclass.py"]),
        ("td", ["queries/query.sql"]),
        ("postgresql", [
            "queries/create_src_table.sql", "queries/insert_data_to_src_table.sql", "queries/summarize_src_table.sql",
        ]),
    ])
    func everyTypeWritesItsFiles(type: String, extraFiles: [String]) throws {
        let temp = try TemporaryDirectory()
        let result = try DigdagBinary.run(["init", "mydag", "-t", type], in: temp.url)
        #expect(result.status == 0)
        let done = type == "td"
            ? "Done. Set up you Treasure Data API key and type `cd mydag` and then `digdag push mydag` "
                + "to push the workflow to Treasure Data. Enjoy!"
            : Self.doneLine
        let expected = (extraFiles + ["mydag.dig", ".gitignore"]).map { "  Creating mydag/\($0)" } + [done]
        #expect(result.stdoutLines == expected)
        for file in extraFiles + ["mydag.dig", ".gitignore"] {
            #expect(temp.exists("mydag/" + file), "missing \(file)")
        }
        #expect(try temp.read("mydag/mydag.dig").hasPrefix("timezone: UTC\n"))
        if type == "sh" {
            #expect(FileManager.default.isExecutableFile(atPath: temp.file("mydag/scripts/myscript.sh").path))
        }
    }

    @Test func secondInitReportsTheExistingFile() throws {
        let temp = try TemporaryDirectory()
        _ = try DigdagBinary.run(["init", "mydag"], in: temp.url)
        let again = try DigdagBinary.run(["new", "mydag"], in: temp.url)
        #expect(again.status == 0)
        #expect(again.stdout == "File mydag/mydag.dig already exists.\n")
    }

    @Test func existingGitignoreIsKept() throws {
        let temp = try TemporaryDirectory()
        _ = try temp.makeDirectory("mydag")
        try "mine\n".write(to: temp.file("mydag/.gitignore"), atomically: true, encoding: .utf8)
        let result = try DigdagBinary.run(["init", "mydag"], in: temp.url)
        #expect(result.stdoutLines == ["  Creating mydag/mydag.dig", Self.doneLine])
        #expect(try temp.read("mydag/.gitignore") == "mine\n")
    }

    @Test func dotUsesTheCurrentDirectoryName() throws {
        let temp = try TemporaryDirectory()
        let project = try temp.makeDirectory("proj")
        let result = try DigdagBinary.run(["init", "."], in: project)
        #expect(result.stdoutLines == [
            "  Creating ./proj.dig",
            "  Creating ./.gitignore",
            "Done. Type `digdag run proj.dig` to run the workflow. Enjoy!",
        ])
        #expect(temp.exists("proj/proj.dig"))
    }

    @Test(arguments: [
        ("1abc", "name must not start with a numeric digit (0-9): \"1abc\""),
        ("wf.dig", "name must not end with .dig: \"wf.dig\""),
    ])
    func invalidNamesAreRejected(name: String, failure: String) throws {
        let temp = try TemporaryDirectory()
        let result = try DigdagBinary.run(["init", name], in: temp.url)
        #expect(result.status == 1)
        #expect(result.stderrAfterBanner == "error: Validating workflow failed\n\(failure) (model validation)\n")
        #expect(!temp.exists(name))
    }

    @Test func unknownTypeIsAUsageError() throws {
        let temp = try TemporaryDirectory()
        let result = try DigdagBinary.run(["init", "mydag", "--type", "cobol"], in: temp.url)
        #expect(result.status == 1)
        #expect(result.stderrAfterBanner.hasPrefix("Usage: digdag init <dir> [options...]\n"))
        #expect(result.stderr.hasSuffix("error: --type has an invalid value\n"))
    }

    @Test func missingDirectoryArgumentPrintsUsage() throws {
        let result = try DigdagBinary.run(["init"])
        #expect(result.status == 0)
        #expect(result.stderrAfterBanner.hasPrefix("Usage: digdag init <dir> [options...]\n"))
        #expect(result.stderr.hasSuffix("  Example:\n    $ digdag init mydag\n"))
    }
}
