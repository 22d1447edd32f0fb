import DigdagCore
import Testing

@testable import DigdagTransfer

/// The standard filters' schema rules (`rename`, `remove_columns`) and record mappings.
@Suite struct FilterTests {
    static func schema(_ names: [String]) -> Schema {
        Schema(names.map { Column(name: $0, type: .string) })
    }

    static func rule(_ values: Config) throws -> RenameRule {
        try RenameRule(PluginConfig(values, path: "filters[0].rules[0]"))
    }

    @Test func uniqueNumberSuffixFollowsEmbulksExamples() throws {
        let rule = try Self.rule(["rule": "unique_number_suffix"])
        #expect(try rule.apply(["c", "c1", "c1", "c2", "c", "c3"]) == ["c", "c1", "c1_2", "c2", "c_2", "c3"])
        #expect(try rule.apply(["c", "c", "c_0", "c_1", "c_2"]) == ["c", "c_3", "c_0", "c_1", "c_2"])
        let padded = try Self.rule(["rule": "unique_number_suffix", "digits": 3, "delimiter": "-"])
        #expect(try padded.apply(["a", "a", "a"]) == ["a", "a-002", "a-003"])
        let short = try Self.rule(["rule": "unique_number_suffix", "max_length": 8])
        #expect(try short.apply(["abcdefghij", "abcdefghij"]) == ["abcdefgh", "abcdef_2"])
        #expect(throws: TransferError.self) { try Self.rule(["rule": "unique_number_suffix", "delimiter": "1"]) }
        #expect(throws: TransferError.self) { try Self.rule(["rule": "unique_number_suffix", "max_length": 7]) }
        let oneDigit = try Self.rule(["rule": "unique_number_suffix", "digits": 1])
        #expect(throws: TransferError.self) { try oneDigit.apply(["a", "b"]) }
    }

    @Test func characterRegexCaseAndTruncateRules() throws {
        let types = try Self.rule(["rule": "character_types", "pass_types": ["a-z", "0-9"], "pass_characters": "-", "replace": "."])
        #expect(try types.apply(["Ab c-9é"]) == [".b.c-9."])
        #expect(throws: TransferError.self) { try Self.rule(["rule": "character_types", "pass_types": ["a-c"]]) }
        #expect(throws: TransferError.self) { try Self.rule(["rule": "character_types", "replace": "__"]) }
        let regex = try Self.rule(["rule": "regex_replace", "match": "([0-9]+)_(.*)", "replace": "$2_$1"])
        #expect(try regex.apply(["12_name", "plain"]) == ["name_12", "plain"])
        #expect(throws: TransferError.self) { try Self.rule(["rule": "regex_replace", "match": "(", "replace": ""]) }
        #expect(try Self.rule(["rule": "lower_to_upper"]).apply(["aB"]) == ["AB"])
        #expect(try Self.rule(["rule": "upper_to_lower"]).apply(["aB"]) == ["ab"])
        #expect(try Self.rule(["rule": "truncate", "max_length": 3]).apply(["abcdef", "ab"]) == ["abc", "ab"])
    }

    @Test func renameMapsFirstThenRulesAndKeepsRecords() throws {
        let filter = try RenameFilter(PluginConfig(
            ["columns": ["a": "Big A"], "rules": [["rule": "upper_to_lower"]]], path: "filters[0]"))
        let (schema, mapping) = try filter.begin(schema: Self.schema(["a", "B"]))
        #expect(schema.columns.map(\.name) == ["big a", "b"])
        #expect(mapping == .unchanged)
    }

    @Test func removeColumnsKeepsTheInputOrder() throws {
        let keep = try RemoveColumnsFilter(PluginConfig(["keep": ["c", "a"]], path: "filters[0]"))
        let (schema, mapping) = try keep.begin(schema: Self.schema(["a", "b", "c"]))
        #expect(schema.columns.map(\.name) == ["a", "c"])
        #expect(mapping.apply([.long(1), .long(2), .long(3)]) == [.long(1), .long(3)])
        let remove = try RemoveColumnsFilter(
            PluginConfig(["remove": ["b", "zzz"], "accept_unmatched_columns": true], path: "filters[0]"))
        #expect(try remove.begin(schema: Self.schema(["a", "b", "c"])).0.columns.map(\.name) == ["a", "c"])
        #expect(throws: TransferError.self) {
            try RemoveColumnsFilter(PluginConfig(["remove": ["a"], "keep": ["b"]], path: "filters[0]"))
        }
    }

    @Test func mappingsCompose() {
        let first = RecordMapping.pick([0, 2, 3])
        let both = first.then(.pick([2, 0]))
        #expect(both == .pick([3, 0]))
        #expect(RecordMapping.unchanged.then(first) == first)
        #expect(first.then(.unchanged) == first)
    }
}
