import DigdagCore
import Foundation
import Testing

@testable import DigdagTransfer

/// Column type guessing, the preview's value texts, the LOAD DATA field escaping and the YAML
/// scalars of guessed configs.
@Suite struct GuessAndPreviewTests {
    @Test(arguments: [
        (["1", "-20", "300"], ColumnType.long, nil),
        (["1", "2.5", "1e3"], .double, nil),
        (["007", "1"], .string, nil),
        (["true", "No", "on"], .boolean, nil),
        (["1", "0"], .long, nil),
        (["2024-01-02 03:04:05", "2024-12-31 23:59:59"], .timestamp, "%Y-%m-%d %H:%M:%S"),
        (["2024-01-02 03:04:05.123", "2024-12-31 23:59:59.5"], .timestamp, "%Y-%m-%d %H:%M:%S.%N"),
        (["2024-01-02 03:04:05 +0900"], .timestamp, "%Y-%m-%d %H:%M:%S %z"),
        (["2024-01-02T03:04:05Z"], .timestamp, "%Y-%m-%dT%H:%M:%S%z"),
        (["2024-01-02"], .timestamp, "%Y-%m-%d"),
        (["2024/01/02"], .timestamp, "%Y/%m/%d"),
        (["2024-1-2"], .string, nil),
        (["{\"a\": 1}", "[1, 2]"], .json, nil),
        (["{not json"], .string, nil),
        ([], .string, nil),
    ] as [([String], ColumnType, String?)])
    func columnTypes(_ values: [String], _ type: ColumnType, _ format: String?) {
        #expect(ColumnGuess.guess(values + [nil, ""]) == ColumnGuess(type: type, format: format))
    }

    @Test func delimiters() {
        #expect(CSVGuess.guessDelimiter(["a\tb\tc", "1\t2\t3"]) == "\t")
        #expect(CSVGuess.guessDelimiter(["a,b;c", "1,2;3", "4,5;6"]) == ",")
        #expect(CSVGuess.guessDelimiter(["a|b", "1|2"]) == "|")
        #expect(CSVGuess.guessDelimiter(["single"]) == ",")
    }

    @Test func previewTexts() {
        #expect(TransferPreview.grouped(32864) == "32,864")
        #expect(TransferPreview.grouped(-1_234_567) == "-1,234,567")
        #expect(TransferPreview.grouped(999) == "999")
        #expect(JSONText.javaDouble(2) == "2.0")
        #expect(JSONText.javaDouble(0.25) == "0.25")
        #expect(JSONText.javaDouble(1e10) == "1.0E10")
        #expect(JSONText.javaDouble(12_345_678.9) == "1.23456789E7")
        #expect(JSONText.javaDouble(0.0005) == "5.0E-4")
        #expect(JSONText.javaDouble(-1.5e-5) == "-1.5E-5")
        #expect(TransferPreview.text(.timestamp(Timestamp(seconds: 0, nanos: 120_000_000))) == "1970-01-01 00:00:00.120 UTC")
    }

    @Test func loadDataFields() {
        var out: [UInt8] = []
        MySQLText.appendLoadField("a\tb\nc\r\\N\u{0}é", to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "a\\tb\\nc\\r\\\\N\\0é")
        out = []
        MySQLText.appendLoadField("plain 'quoted' \"text\"", to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "plain 'quoted' \"text\"")
    }

    @Test func yamlScalars() {
        #expect(YAMLConfigWriter.scalar("./data/part_") == "./data/part_")
        #expect(YAMLConfigWriter.scalar("UTF-8") == "UTF-8")
        #expect(YAMLConfigWriter.scalar(",") == "','")
        #expect(YAMLConfigWriter.scalar("it's") == "'it''s'")
        #expect(YAMLConfigWriter.scalar("true") == "'true'")
        #expect(YAMLConfigWriter.scalar("1.5") == "'1.5'")
        #expect(YAMLConfigWriter.scalar("\t") == "\"\\t\"")
        #expect(YAMLConfigWriter.flow(["name": "id", "type": "long"]) == "{name: id, type: long}")
    }
}
