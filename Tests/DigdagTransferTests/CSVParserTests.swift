import DigdagCore
import Foundation
import Testing

@testable import DigdagTransfer

/// Embulk's csv parser: quotes, newlines in fields, empty vs null, bad rows.
@Suite struct CSVParserTests {
    final class Collect: RecordSink {
        var records: [[TransferValue]] = []
        func add(_ record: [TransferValue]) throws { records.append(record) }
    }

    static let log = TransferLog(now: { Date(timeIntervalSince1970: 0) }, write: { _ in })

    func parse(_ text: String, _ extra: Config = [:]) throws -> [[TransferValue]] {
        var config: Config = [
            "type": "csv",
            "columns": [
                ["name": "id", "type": "long"], ["name": "name", "type": "string"],
                ["name": "at", "type": "timestamp", "format": "%Y-%m-%d %H:%M:%S"],
            ],
        ]
        for (key, value) in extra { config[key] = value }
        let parser = try CSVParser(PluginConfig(config, path: "in.parser"))
        let sink = Collect()
        _ = try parser.parse(Array(text.utf8), file: "t.csv", sink: sink, log: Self.log)
        return sink.records
    }

    @Test func quotedFieldsWithDelimitersQuotesAndNewlines() throws {
        let rows = try parse("1,\"a,b\",2024-01-02 03:04:05\n2,\"say \"\"hi\"\"\nnext\",2024-01-02 03:04:06\r\n")
        #expect(rows.count == 2)
        #expect(rows[0][1] == .string("a,b"))
        #expect(rows[1][1] == .string("say \"hi\"\nnext"))
        #expect(rows[0][2] == .timestamp(Timestamp(seconds: 1_704_164_645)))
    }

    @Test func emptyIsNullButQuotedEmptyIsAnEmptyString() throws {
        let rows = try parse("1,,\n2,\"\",\n3,NULL,\n", ["null_string": "NULL"])
        #expect(rows.map { $0[1] } == [.null, .string(""), .null])
        #expect(rows[0][2] == .null)
    }

    @Test func headerLinesAreSkipped() throws {
        let rows = try parse("id,name,at\n1,x,2024-01-01 00:00:00\n", ["skip_header_lines": 1])
        #expect(rows.count == 1 && rows[0][0] == .long(1))
    }

    @Test func otherDelimiterAndEscape() throws {
        let rows = try parse("1\t'it\\'s'\t2024-01-01 00:00:00\n", ["delimiter": "\t", "quote": "'", "escape": "\\"])
        #expect(rows[0][1] == .string("it's"))
    }

    @Test func badRowsAreSkippedUnlessStopOnInvalidRecord() throws {
        let text = "1,a,2024-01-01 00:00:00\nx,b,2024-01-01 00:00:00\n3,c\n4,d,2024-01-01 00:00:00\n"
        let rows = try parse(text)
        #expect(rows.map { $0[0] } == [.long(1), .long(4)])
        #expect(throws: TransferError.self) { try parse(text, ["stop_on_invalid_record": true]) }
    }

    @Test func unterminatedQuoteIsInvalid() throws {
        #expect(throws: TransferError.self) { try parse("1,\"open,2024-01-01 00:00:00\n", ["stop_on_invalid_record": true]) }
    }

    @Test func formatterQuotesWhenNeeded() throws {
        var formatter = try CSVFormatter(PluginConfig(["newline": "LF"], path: "out.formatter"))
        var out: [UInt8] = []
        formatter.begin(schema: Schema([Column(name: "a", type: .string), Column(name: "b", type: .long)]), into: &out)
        formatter.append([.string("x,\"y\""), .null], into: &out)
        formatter.append([.string(""), .long(5)], into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "a,b\n\"x,\"\"y\"\"\",\n\"\",5\n")
    }
}
