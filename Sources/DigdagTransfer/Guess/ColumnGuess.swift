import DigdagCore

/// The Embulk type of one column from sample texts, as `embulk guess` chooses it: boolean,
/// timestamp (with the format that reads every value), long, double, json, else string.
/// Empty texts and the null string say nothing about the type.
struct ColumnGuess: Equatable {
    /// The guessed type.
    var type: ColumnType
    /// The strftime format of a timestamp column.
    var format: String?

    /// Booleans the csv parser reads (so a guessed config always runs).
    static let booleans: Set<String> = ["true", "false", "yes", "no", "y", "n", "on", "off"]

    /// Formats tried for timestamps, most specific first.
    static let timestampFormats = [
        "%Y-%m-%d %H:%M:%S.%N %z", "%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M:%S.%N %Z", "%Y-%m-%d %H:%M:%S %Z",
        "%Y-%m-%d %H:%M:%S.%N", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S.%N%z", "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%dT%H:%M:%S.%N", "%Y-%m-%dT%H:%M:%S", "%Y/%m/%d %H:%M:%S", "%Y-%m-%d", "%Y/%m/%d",
    ]

    /// The guess for `values` (texts of one column; nil for a missing or null field).
    static func guess(_ values: [String?]) -> ColumnGuess {
        let texts = values.compactMap { $0 }.filter { !$0.isEmpty }
        guard !texts.isEmpty else { return ColumnGuess(type: .string) }
        if texts.allSatisfy({ booleans.contains($0.lowercased()) }) { return ColumnGuess(type: .boolean) }
        if let format = timestampFormats.first(where: { format in texts.allSatisfy { matches($0, format) } }) {
            return ColumnGuess(type: .timestamp, format: format)
        }
        if texts.allSatisfy(isInteger) { return ColumnGuess(type: .long) }
        if texts.allSatisfy({ isInteger($0) || isDecimal($0) }) { return ColumnGuess(type: .double) }
        if texts.allSatisfy(isJSONContainer) { return ColumnGuess(type: .json) }
        return ColumnGuess(type: .string)
    }

    static func isInteger(_ text: String) -> Bool {
        var digits = Substring(text)
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        return !digits.isEmpty && digits.count < 19 && digits.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
            && (digits.count == 1 || digits.first != "0")
    }

    static func isDecimal(_ text: String) -> Bool {
        guard text.utf8.contains(where: { $0 == 46 || $0 == 69 || $0 == 101 }),
            text.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || [43, 45, 46, 69, 101].contains($0) }),
            text.utf8.contains(where: { $0 >= 48 && $0 <= 57 })
        else { return false }
        return Double(text) != nil
    }

    static func isJSONContainer(_ text: String) -> Bool {
        guard let first = text.first, first == "{" || first == "[" else { return false }
        return (try? JSONText.parse(text)) != nil
    }

    /// Whether `text` reads with `format` and uses all of it: the digit groups must have the
    /// widths the format says (so `2024-1-2` is no `%Y-%m-%d` and ids are no dates).
    static func matches(_ text: String, _ format: String) -> Bool {
        guard shape(text) == formatShape(format) else { return false }
        return (try? TimestampFormat(format, zone: .utc).parse(text)) != nil
    }

    /// The shape (see `shape`) every text of `format` has.
    static func formatShape(_ format: String) -> String {
        var out = ""
        var chars = format[...]
        while let c = chars.popFirst() {
            guard c == "%", let directive = chars.popFirst() else {
                out += c.isLetter ? "A" : c.isNumber ? "0" : String(c)
                continue
            }
            switch directive {
            case "Y": out += "0000"
            case "N": out += "0+"
            case "z": out += "+0000"
            case "Z": out += "A"
            default: out += "00"
            }
        }
        return out
    }

    /// Digits as `0`, runs of fraction digits as `0+`, letters as `A`, offsets as `+0000`:
    /// the outline two texts of one format share.
    static func shape(_ text: String) -> String {
        var out = ""
        let chars = Array(text)
        var index = 0
        var afterDot = false
        while index < chars.count {
            let c = chars[index]
            if c.isNumber && afterDot {
                while index < chars.count && chars[index].isNumber { index += 1 }
                out += "0+"
                afterDot = false
                continue
            }
            if (c == "+" || c == "-") && index + 1 < chars.count && chars[index + 1].isNumber && out.count >= 10 {
                // An offset: +09:00 or +0900 (not the dashes of a date, which come first).
                var digits = 0
                index += 1
                while index < chars.count && (chars[index].isNumber || chars[index] == ":") {
                    if chars[index].isNumber { digits += 1 }
                    index += 1
                }
                out += digits == 4 ? "+0000" : "?"
                continue
            }
            if c == "Z" && index == chars.count - 1 && index > 0 && chars[index - 1].isNumber {
                out += "+0000"  // UTC as `Z`, which %z reads
                index += 1
                continue
            }
            if c.isLetter {
                while index < chars.count && chars[index].isLetter { index += 1 }
                out += "A"
                continue
            }
            afterDot = c == "."
            out += c.isNumber ? "0" : String(c)
            index += 1
        }
        return out
    }
}
