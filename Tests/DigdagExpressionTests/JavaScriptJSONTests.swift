import DigdagCore
import DigdagExpression
import Testing

@Suite("JSON.stringify of results")
struct JavaScriptJSONTests {
    @Test(arguments: [
        (3.0, "3"), (0.1 + 0.2, "0.30000000000000004"), (1e21, "1e+21"), (1e20, "100000000000000000000"),
        (123456789012345680000.0, "123456789012345680000"), (1.5e-7, "1.5e-7"), (0.000001, "0.000001"),
        (1e-7, "1e-7"), (-2.5, "-2.5"), (-0.0, "0"), (1.7976931348623157e308, "1.7976931348623157e+308"),
        (Double.leastNonzeroMagnitude, "5e-324"), (0.5, "0.5"), (123.456, "123.456"), (Double.infinity, "null"), (Double.nan, "null"),
        (9.5e18, "9500000000000000000"),
    ])
    func numbers(value: Double, expected: String) {
        #expect(JavaScriptJSON.number(value) == expected)
    }

    @Test func largeIntegersRoundLikeDoubles() {
        #expect(JavaScriptJSON.number(Int64(9_007_199_254_740_993)) == "9007199254740992")
        #expect(JavaScriptJSON.number(Int64(42)) == "42")
        #expect(JavaScriptJSON.number(Int64.min) == "-9223372036854776000")
    }

    static let templateTexts: [(ConfigValue, String)] = [
        (.null, ""), ("text", "text"), (true, "true"), (1, "1"), (2.5, "2.5"),
        (["b": [1, 2]], #"{"b":[1,2]}"#), ([1, "a", nil], #"[1,"a",null]"#),
        (["b": 1, "1": 2, "0": 3, "01": 4], #"{"0":3,"1":2,"b":1,"01":4}"#),
        (["q": "a\"b\\c\nd\u{01}\u{2028}é"], "{\"q\":\"a\\\"b\\\\c\\nd\\u0001\u{2028}é\"}"),
    ]

    @Test(arguments: templateTexts)
    func templateText(value: ConfigValue, expected: String) {
        #expect(JavaScriptJSON.templateText(value) == expected)
    }
}
