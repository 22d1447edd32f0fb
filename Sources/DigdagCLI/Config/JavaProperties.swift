/// A parser for the Java `.properties` text format (`java.util.Properties.load(Reader)`).
///
/// Supported: `key=value`, `key: value` and `key value` separators; `#` and `!` comment lines;
/// logical lines continued by an odd number of trailing backslashes (leading whitespace of the
/// continuation is dropped); escapes `\t \n \r \f \uXXXX` and `\x` for any other `x`.
enum JavaProperties {
    /// Parses `text` into key/value pairs in file order (duplicates kept; later ones win when merged).
    static func parse(_ text: String) -> [(key: String, value: String)] {
        var result: [(key: String, value: String)] = []
        for line in logicalLines(text) {
            result.append(splitKeyValue(line))
        }
        return result
    }

    /// Joins continued natural lines and drops blank and comment lines.
    static func logicalLines(_ text: String) -> [[Character]] {
        let natural = splitNaturalLines(text)
        var lines: [[Character]] = []
        var current: [Character] = []
        var continuing = false
        for raw in natural {
            var line = Substring(raw)
            line = line.drop(while: { $0 == " " || $0 == "\t" || $0 == "\u{0C}" })
            if !continuing {
                if line.isEmpty || line.first == "#" || line.first == "!" {
                    continue
                }
            }
            var chars = Array(line)
            let continues = trailingBackslashes(chars) % 2 == 1
            if continues {
                chars.removeLast()
            }
            current.append(contentsOf: chars)
            if continues {
                continuing = true
            } else {
                lines.append(current)
                current = []
                continuing = false
            }
        }
        if continuing {
            lines.append(current)
        }
        return lines
    }

    private static func splitNaturalLines(_ text: String) -> [String] {
        var lines: [String] = []
        var current = ""
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                if !previousWasCR {
                    lines.append(current)
                    current = ""
                }
                previousWasCR = false
            } else if scalar == "\r" {
                lines.append(current)
                current = ""
                previousWasCR = true
            } else {
                current.unicodeScalars.append(scalar)
                previousWasCR = false
            }
        }
        if !current.isEmpty {
            lines.append(current)
        }
        return lines
    }

    private static func trailingBackslashes(_ chars: [Character]) -> Int {
        var count = 0
        for char in chars.reversed() {
            guard char == "\\" else { break }
            count += 1
        }
        return count
    }

    private static func isWhitespace(_ char: Character) -> Bool {
        char == " " || char == "\t" || char == "\u{0C}"
    }

    static func splitKeyValue(_ line: [Character]) -> (key: String, value: String) {
        var index = 0
        var keyEnd = line.count
        var valueStart = line.count
        var sawSeparator = false
        while index < line.count {
            let char = line[index]
            if char == "\\" {
                index += 2
                continue
            }
            if char == "=" || char == ":" {
                keyEnd = index
                valueStart = index + 1
                sawSeparator = true
                break
            }
            if isWhitespace(char) {
                keyEnd = index
                valueStart = index + 1
                break
            }
            index += 1
        }
        keyEnd = min(keyEnd, line.count)
        while valueStart < line.count, isWhitespace(line[valueStart]) {
            valueStart += 1
        }
        if !sawSeparator, valueStart < line.count, line[valueStart] == "=" || line[valueStart] == ":" {
            valueStart += 1
            while valueStart < line.count, isWhitespace(line[valueStart]) {
                valueStart += 1
            }
        }
        let key = unescape(line[0..<keyEnd])
        let value = valueStart < line.count ? unescape(line[valueStart...]) : ""
        return (key, value)
    }

    private static func unescape(_ chars: ArraySlice<Character>) -> String {
        var output = ""
        var iterator = chars.makeIterator()
        while let char = iterator.next() {
            guard char == "\\" else {
                output.append(char)
                continue
            }
            guard let escaped = iterator.next() else { break }
            switch escaped {
            case "t": output.append("\t")
            case "n": output.append("\n")
            case "r": output.append("\r")
            case "f": output.append("\u{0C}")
            case "u":
                var hex = ""
                for _ in 0..<4 {
                    if let digit = iterator.next() { hex.append(digit) }
                }
                if let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) {
                    output.unicodeScalars.append(scalar)
                }
            default: output.append(escaped)
            }
        }
        return output
    }
}
