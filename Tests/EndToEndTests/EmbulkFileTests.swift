import Foundation
import Testing

/// `embulk run` with csv files and stdout (no database), the `embulk` name, and config errors.
@Suite("embulk run: files and command line")
struct EmbulkFileTests {
    static let csvIn = """
        in:
          type: file
          path_prefix: ./data/part-
          parser:
            type: csv
            skip_header_lines: 1
            null_string: 'NULL'
            columns:
              - {name: id, type: long}
              - {name: note, type: string}
              - {name: at, type: timestamp, format: '%Y-%m-%d %H:%M:%S', timezone: Asia/Tokyo}
              - {name: ok, type: boolean}

        """

    static let files = [
        "data/part-1.csv": "id,note,at,ok\n1,\"a, \"\"quoted\"\"\nline\",2024-01-02 09:00:00,true\n2,,2024-01-02 10:00:00,no\n",
        "data/part-2.csv": "id,note,at,ok\n3,\"\",2024-01-03 00:00:00,yes\nbad,x,2024-01-03 00:00:00,true\n4,NULL,,false\n",
    ]

    @Test func csvToStdoutSkipsBadRowsAndPrintsUTC() throws {
        let project = try RunProject(Self.files.merging(["c.yml": Self.csvIn + "out:\n  type: stdout\n"]) { a, _ in a })
        let result = try project.run(["embulk", "run", "c.yml"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("1,a, \"quoted\"\nline,2024-01-02 00:00:00 UTC,true\n2,,2024-01-02 01:00:00 UTC,false\n"))
        #expect(result.stdout.contains("3,,2024-01-02 15:00:00 UTC,true\n4,,,false\n"))
        #expect(result.stdout.contains("[WARN]") && result.stdout.contains("Skipped line 3"))
        #expect(result.stdout.contains("4 records read, 4 records written"))
    }

    @Test func stopOnInvalidRecordFails() throws {
        let config = Self.csvIn.replacingOccurrences(of: "    null_string: 'NULL'\n", with: "    null_string: 'NULL'\n    stop_on_invalid_record: true\n")
        let project = try RunProject(Self.files.merging(["c.yml": config + "out:\n  type: stdout\n"]) { a, _ in a })
        let result = try project.run(["embulk", "run", "c.yml"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("Invalid record at ./data/part-2.csv:3"))
    }

    @Test func csvToCsvFileRoundTripsQuotesAndNulls() throws {
        let out = """
            out:
              type: file
              path_prefix: ./out/result
              file_ext: csv
              formatter: {type: csv, newline: LF, column_options: {at: {format: '%Y-%m-%dT%H:%M:%S%z', timezone: Asia/Tokyo}}}

            """
        let project = try RunProject(Self.files.merging(["c.yml": Self.csvIn + out, "out/.keep": ""]) { a, _ in a })
        let result = try project.run(["embulk", "run", "c.yml", "-o", "next.yml"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let text = try String(contentsOfFile: project.path + "/out/result000.00.csv", encoding: .utf8)
        #expect(text == """
            id,note,at,ok
            1,"a, ""quoted""
            line",2024-01-02T09:00:00+0900,true
            2,,2024-01-02T10:00:00+0900,false
            3,"",2024-01-03T00:00:00+0900,true
            4,,,false

            """)
        let next = try String(contentsOfFile: project.path + "/next.yml", encoding: .utf8)
        #expect(next.contains("last_path: ./data/part-2.csv\n"))
    }

    @Test func liquidEnvAndUnsupportedConstructs() throws {
        let project = try RunProject([
            "ok.yml.liquid": "in:\n  type: file\n  path_prefix: {{ env.PREFIX | default: './none-' }}\n  parser: {type: csv, columns: [{name: a, type: string}]}\nout: {type: {{ env.OUT }}}\n",
            "bad.yml.liquid": "{% tablerow x in env %}{% endtablerow %}\n",
            "in.csv": "x\n",
        ])
        var result = try project.run(["embulk", "run", "ok.yml.liquid"], environment: ["OUT": "stdout", "PREFIX": "./in.csv"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("\nx\n"))
        result = try project.run(["embulk", "run", "bad.yml.liquid"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("Liquid tag '{% tablerow %}' is not supported"))
        result = try project.run(["embulk", "run", "ok.yml.liquid"], environment: ["OUT": "s3"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("Unknown output plugin 'embulk-output-s3'"))
    }

    /// Embulk's standard filters: `rename` (a `columns:` map, then `rules:`) and `remove_columns`,
    /// for `run` and `preview`.
    @Test func renameAndRemoveColumnsFilters() throws {
        let filters = """
            filters:
              - type: rename
                columns: {id: User ID}
                rules:
                  - {rule: character_types, pass_types: [a-z, A-Z, 0-9], pass_characters: "_"}
                  - {rule: upper_to_lower}
              - type: remove_columns
                remove: [at]

            """
        let project = try RunProject(Self.files.merging(["c.yml": Self.csvIn + filters + "out:\n  type: stdout\n"]) { a, _ in a })
        let result = try project.run(["embulk", "run", "c.yml"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("Loaded plugin embulk-filter-rename (built in)"))
        #expect(result.stdout.contains("1,a, \"quoted\"\nline,true\n2,,false\n"))
        #expect(result.stdout.contains("4 records read, 4 records written"))
        let preview = try project.run(["embulk", "preview", "c.yml"])
        #expect(preview.status == 0, "\(preview.stdout)\n\(preview.stderr)")
        #expect(preview.stdout.contains("| user_id:long |      note:string | ok:boolean |"))
    }

    @Test(arguments: [
        ("  - {type: rename, columns: {missing: x}}\n", "Column 'missing' is not found"),
        ("  - {type: remove_columns, keep: [id, missing]}\n", "Column 'missing' doesn't exist in the schema"),
        ("  - {type: remove_columns}\n", "Must require remove: or keep:"),
        ("  - {type: rename, rules: [{rule: shout}]}\n", "Renaming rule \"shout\" is unknown"),
        ("  - {type: column, columns: [{name: id}]}\n", "Unknown filter plugin 'embulk-filter-column'"),
    ])
    func filterConfigErrorsStopBeforeAnythingIsWritten(_ filter: String, _ message: String) throws {
        let out = "out: {type: file, path_prefix: ./out/r, file_ext: csv, formatter: {type: csv}}\n"
        let project = try RunProject(Self.files.merging(["c.yml": Self.csvIn + "filters:\n" + filter + out, "out/.keep": ""]) { a, _ in a })
        let result = try project.run(["embulk", "run", "c.yml"])
        #expect(result.status == 1)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: project.path + "/out") == [".keep"])
    }

    @Test func theBinaryAnswersToTheNameEmbulk() throws {
        let project = try RunProject(["in.csv": "1\n", "c.yml": "in: {type: file, path_prefix: ./in.csv, parser: {columns: [{name: n, type: long}]}}\nout: {type: stdout}\n"])
        let link = project.path + "/embulk"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: DigdagBinary.path)
        let result = try DigdagBinary.runTool(link, ["run", "c.yml"], in: URL(fileURLWithPath: project.path))
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("Embulk v") && result.stdout.contains("\n1\n"))
        #expect(!result.stderr.contains("Digdag v"))
        let version = try DigdagBinary.runTool(link, ["--version"])
        #expect(version.stdout.hasPrefix("embulk "))
        let gem = try DigdagBinary.runTool(link, ["gem", "install", "embulk-input-mysql"])
        #expect(gem.status == 1 && gem.stderr.contains("built-in plugins are input: file, mysql, postgresql"))
    }
}
