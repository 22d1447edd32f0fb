/// Digdag's `CsvWriter`: `,` separated, CRLF line ends, values quoted only when they hold `"`,
/// `,`, CR or LF; an empty string is `""` and NULL is nothing.
package struct CSVWriter: Sendable {
    /// The text written so far.
    package private(set) var text = ""

    /// Creates an empty writer.
    package init() {}

    /// Appends one line of values (nil for NULL).
    package mutating func addRow(_ values: [String?]) {
        for (index, value) in values.enumerated() {
            if index > 0 { text.append(",") }
            if let value { text.append(Self.escape(value)) }
        }
        text.append("\r\n")
    }

    /// One value, escaped and quoted as Digdag does: `"` doubles, CR becomes LF and CRLF one LF.
    package static func escape(_ value: String) -> String {
        if value.isEmpty { return "\"\"" }
        var out = String.UnicodeScalarView()
        var needsQuote = false
        var previous: Unicode.Scalar = " "
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"":
                out.append(contentsOf: "\"\"".unicodeScalars)
                needsQuote = true
            case "\r":
                out.append("\n")
                needsQuote = true
            case "\n":
                if previous != "\r" {
                    out.append("\n")
                    needsQuote = true
                }
            case ",":
                out.append(scalar)
                needsQuote = true
            default:
                out.append(scalar)
            }
            previous = scalar
        }
        return needsQuote ? "\"" + String(out) + "\"" : String(out)
    }
}
