/// Embulk's csv formatter: header line, delimiter, quote policy (ALL, MINIMAL, NONE), escape,
/// newline, null_string and timestamp formats per column.
import Foundation

struct CSVFormatter {
    let delimiter: String
    let quote: String
    let escape: String
    let policy: String
    let newline: String
    let nullString: String
    let header: Bool
    let defaultZone: TransferTimeZone
    let columnOptions: [String: PluginConfig]
    private var formats: [TimestampFormat] = []

    init(_ config: PluginConfig) throws {
        let type = try config.string("type", default: "csv")
        guard type == "csv" else { throw TransferError(.plugin, "Unknown formatter type '\(type)'; the built-in formatter is csv") }
        delimiter = try config.string("delimiter", default: ",")
        quote = try config.string("quote", default: "\"")
        escape = try config.string("escape", default: quote)
        policy = try config.string("quote_policy", default: "MINIMAL").uppercased()
        guard ["ALL", "MINIMAL", "NONE"].contains(policy) else {
            throw TransferError.config("quote_policy must be ALL, MINIMAL or NONE")
        }
        switch try config.string("newline", default: "CRLF").uppercased() {
        case "LF": newline = "\n"
        case "CR": newline = "\r"
        default: newline = "\r\n"
        }
        nullString = try config.string("null_string", default: "")
        header = try config.bool("header_line", default: true)
        defaultZone = try TransferTimeZone(config.string("default_timezone", default: "UTC"))
        columnOptions = try config.columnOptions()
    }

    mutating func begin(schema: Schema, into out: inout [UInt8]) {
        formats = schema.columns.map { column in
            let options = columnOptions[column.name]
            let pattern = (try? options?.optionalString("format")) ?? nil
            let zone = ((try? options?.optionalString("timezone")) ?? nil).flatMap { try? TransferTimeZone($0) } ?? defaultZone
            return TimestampFormat(pattern ?? "%Y-%m-%d %H:%M:%S.%6N %z", zone: zone)
        }
        if header { line(schema.columns.map { field($0.name) }, into: &out) }
    }

    func append(_ record: [TransferValue], into out: inout [UInt8]) {
        line(record.enumerated().map { index, value in
            switch value {
            case .null: nullString
            case .boolean(let flag): field(flag ? "true" : "false")
            case .long(let number): field(String(number))
            case .double(let number): field(String(number))
            case .string(let text), .json(let text): field(text)
            case .timestamp(let instant): field(formats[index].format(instant))
            }
        }, into: &out)
    }

    private func line(_ fields: [String], into out: inout [UInt8]) {
        out.append(contentsOf: fields.joined(separator: delimiter).utf8)
        out.append(contentsOf: newline.utf8)
    }

    /// A field quoted as the policy says (MINIMAL: when it holds the delimiter, a quote, a
    /// newline, or is empty and could be read as null).
    func field(_ text: String) -> String {
        let needs = policy == "ALL" || (policy == "MINIMAL" && (text.isEmpty || text.contains(delimiter)
            || text.contains(quote) || text.contains("\n") || text.contains("\r")))
        guard needs, !quote.isEmpty else { return text }
        let escaped = text.replacingOccurrences(of: quote, with: escape + quote)
        return quote + escaped + quote
    }
}
