import DigdagTesting
import Foundation
import Testing

/// `embulk guess` and `embulk preview` of csv files, and gzip/bzip2 decoders, through the binary.
@Suite("embulk guess, preview and decoders")
struct EmbulkGuessTests {
    static let csv = """
        id,account,time,purchase,comment,score,ok
        1,32864,2015-01-27 19:23:49,2015-01-27,embulk,1.5,true
        2,14824,2015-01-27 19:01:23,2015-01-27,embulk jruby,2,false
        3,27559,2015-01-28 02:20:02,2015-01-28,"Embulk ""csv"" parser",NULL,true
        4,11270,2015-01-29 11:54:36,2015-01-29,NULL,0.25,false

        """

    static let seed = "in:\n  type: file\n  path_prefix: ./data/sample_\nout:\n  type: stdout\n"

    @Test func guessWritesACsvParserThatRuns() throws {
        let project = try RunProject(["data/sample_01.csv": Self.csv, "seed.yml": Self.seed])
        let result = try project.run(["embulk", "guess", "seed.yml", "-o", "config.yml"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let config = try String(contentsOfFile: project.path + "/config.yml", encoding: .utf8)
        #expect(config == """
            in:
              type: file
              path_prefix: ./data/sample_
              parser:
                charset: UTF-8
                newline: LF
                type: csv
                delimiter: ','
                quote: '"'
                escape: '"'
                null_string: 'NULL'
                trim_if_not_quoted: false
                skip_header_lines: 1
                allow_extra_columns: false
                allow_optional_columns: false
                columns:
                - {name: id, type: long}
                - {name: account, type: long}
                - {name: time, type: timestamp, format: '%Y-%m-%d %H:%M:%S'}
                - {name: purchase, type: timestamp, format: '%Y-%m-%d'}
                - {name: comment, type: string}
                - {name: score, type: double}
                - {name: ok, type: boolean}
            out:
              type: stdout

            """)
        #expect(result.stdout.contains("Created 'config.yml' file."))
        let run = try project.run(["embulk", "run", "config.yml"])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("3,27559,2015-01-28 02:20:02 UTC,2015-01-28 00:00:00 UTC,Embulk \"csv\" parser,,true\n"))
    }

    @Test func guessWithoutHeaderNamesColumnsAndFindsTabs() throws {
        let data = "1\tfoo\t2024-01-02T03:04:05\n2\tbar\t2024-01-03T00:00:00\n"
        let project = try RunProject(["data/sample_1.tsv": data, "seed.yml": Self.seed])
        let result = try project.run(["embulk", "guess", "seed.yml"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("    delimiter: \"\\t\"\n"))
        #expect(result.stdout.contains("    skip_header_lines: 0\n"))
        #expect(result.stdout.contains("    - {name: c0, type: long}\n    - {name: c1, type: string}\n"
            + "    - {name: c2, type: timestamp, format: '%Y-%m-%dT%H:%M:%S'}\n"))
    }

    @Test func previewPrintsEmbulksTable() throws {
        let project = try RunProject(["data/sample_01.csv": Self.csv, "seed.yml": Self.seed])
        #expect(try project.run(["embulk", "guess", "seed.yml", "-o", "config.yml"]).status == 0)
        let result = try project.run(["embulk", "preview", "config.yml"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let table = """
            +---------+--------------+-------------------------+-------------------------+---------------------+--------------+------------+
            | id:long | account:long |          time:timestamp |      purchase:timestamp |      comment:string | score:double | ok:boolean |
            +---------+--------------+-------------------------+-------------------------+---------------------+--------------+------------+
            |       1 |       32,864 | 2015-01-27 19:23:49 UTC | 2015-01-27 00:00:00 UTC |              embulk |          1.5 |       true |
            |       2 |       14,824 | 2015-01-27 19:01:23 UTC | 2015-01-27 00:00:00 UTC |        embulk jruby |          2.0 |      false |
            |       3 |       27,559 | 2015-01-28 02:20:02 UTC | 2015-01-28 00:00:00 UTC | Embulk "csv" parser |              |       true |
            |       4 |       11,270 | 2015-01-29 11:54:36 UTC | 2015-01-29 00:00:00 UTC |                     |         0.25 |      false |
            +---------+--------------+-------------------------+-------------------------+---------------------+--------------+------------+

            """
        #expect(result.stdout.hasSuffix(table), "\(result.stdout)")
        #expect(!result.stdout.contains("Committed"))
    }

    @Test(arguments: [("gzip", "gz"), ("bzip2", "bz2")])
    func compressedFilesAreDecodedAndGuessed(_ tool: String, _ ext: String) throws {
        let project = try RunProject(["data/sample_01.csv": Self.csv, "data/sample_02.csv": Self.csv, "seed.yml": Self.seed])
        let program = try #require(
            TestCommand.find(["/usr/bin/\(tool)", "/bin/\(tool)"]), "\(tool) is installed by scripts/install-prerequisites")
        for name in ["sample_01.csv", "sample_02.csv"] {
            _ = try TestCommand.run(program, [project.path + "/data/" + name])
        }
        let result = try project.run(["embulk", "guess", "seed.yml", "-o", "config.yml"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("  decoders:\n  - {type: \(tool)}\n"))
        let run = try project.run(["embulk", "run", "config.yml"])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("Loading files [./data/sample_02.csv.\(ext)]"))
        #expect(run.stdout.contains("8 records read, 8 records written"))
    }

    @Test func corruptedGzipIsAClearError() throws {
        let config = Self.seed.replacingOccurrences(of: "out:", with: """
              decoders:
              - {type: gzip}
              parser:
                type: csv
                columns:
                - {name: a, type: string}
            out:
            """)
        let project = try RunProject(["data/sample_1.csv": "a\n", "c.yml": config])
        let result = try project.run(["embulk", "run", "c.yml"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("File ./data/sample_1.csv is not in the gzip format (decoders: gzip)"), "\(result.stderr)")
    }
}
