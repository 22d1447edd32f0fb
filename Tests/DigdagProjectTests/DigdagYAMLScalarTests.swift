import DigdagCore
import DigdagProject
import Testing

@Suite("Digdag YAML scalar typing")
struct DigdagYAMLScalarTests {
    static let cases: [(String, ConfigValue)] = [
        ("true", .bool(true)), ("True", .bool(true)), ("false", .bool(false)), ("False", .bool(false)),
        ("TRUE", "TRUE"), ("yes", "yes"), ("no", "no"), ("on", "on"), ("off", "off"),
        ("1", .int(1)), ("-5", .int(-5)), ("+7", .int(7)), ("0", .int(0)), ("1_000", .int(1000)),
        ("0b1010", .int(10)), ("0x1F", .int(31)), ("0123", .int(83)), ("-0x10", .int(-16)),
        ("10:00:00", "10:00:00"), ("2016-01-01 00:00:00", "2016-01-01 00:00:00"), ("2016-01-01", "2016-01-01"),
        ("1.5", .double(1.5)), (".5", .double(0.5)), ("-.5", .double(-0.5)), ("1e3", .double(1000)),
        ("1.", .double(1)), ("0.5", "0.5"), ("00.5", "00.5"), ("1:30.5", .double(90.5)),
        (".inf", "Infinity"), ("-.inf", "-Infinity"), (".nan", "NaN"), ("1e999", "Infinity"), ("-1e999", "-Infinity"),
        ("123456789012345678901234567890", .double(123456789012345678901234567890.0)),
        ("~", .null), ("null", .null), ("Null", .null), ("NULL", .null), ("", .null), ("nil", "nil"),
        ("'1'", "1"), ("\"true\"", "true"), ("'null'", "null"), ("\"0x1F\"", "0x1F"),
        ("!!str 12", "12"), ("!!int '12'", .int(12)), ("!!float 2", .double(2)),
        ("9223372036854775807", .int(Int64.max)), ("abc", "abc"), ("${x}", "${x}"),
    ]

    @Test(arguments: cases)
    func scalarTyping(source: String, expected: ConfigValue) throws {
        let config = try DigdagYAML.parse("v: \(source)\n", directory: nil)
        #expect(config["v"] == expected)
    }

    @Test func blockScalarsAreStrings() throws {
        let config = try DigdagYAML.parse("a: |\n  1\n  2\nb: >-\n  true\n", directory: nil)
        #expect(config["a"] == "1\n2\n")
        #expect(config["b"] == "true")
    }

    @Test func keysArePrintedAsJavaWould() throws {
        let config = try DigdagYAML.parse("1: a\n0x10: b\ntrue: c\n1.50: d\n", directory: nil)
        #expect(Array(config.keys) == ["1", "16", "true", "1.5"])
    }

    @Test func keyOrderIsKept() throws {
        let config = try DigdagYAML.parse("+z: {}\n+a: {}\n+m: {}\n", directory: nil)
        #expect(Array(config.keys) == ["+z", "+a", "+m"])
    }

    @Test func anchorsAliasesAndMergeKeys() throws {
        let text = """
            base: &base
              a: 1
              b: 2
            other:
              <<: *base
              b: 3
              c: 4
            list: [*base]
            """
        let config = try DigdagYAML.parse(text, directory: nil)
        #expect(config["other"] == ["a": 1, "b": 3, "c": 4])
        #expect(config["list"] == [["a": 1, "b": 2]])
    }

    @Test func parseValueAcceptsAnyRoot() throws {
        #expect(try DigdagYAML.parseValue("[1, '2', 0.5]") == [1, "2", "0.5"])
        #expect(try DigdagYAML.parseValue("") == .null)
    }
}
