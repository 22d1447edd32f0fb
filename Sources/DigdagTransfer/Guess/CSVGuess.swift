import DigdagCore
import Foundation

/// `embulk guess` for `in: {type: file}`: reads the start of the first file (decoded by its magic
/// number or `decoders:`), and fills in `decoders` and `parser` as Embulk's guess plugins do
/// (charset, newline, type csv, delimiter, quote, escape, null_string, trim_if_not_quoted,
/// skip_header_lines, allow_extra_columns, allow_optional_columns, columns).
public enum CSVGuess {
    /// Bytes of the first file looked at (Embulk's `exec.guess_sample_buffer_bytes`).
    static let sampleBytes = 32 << 10
    static let delimiters = [",", "\t", "|", ";"]

    /// The seed config with `in:` completed; `log` gets Embulk's progress lines.
    public static func guess(_ seed: Config, log: TransferLog) throws -> Config {
        guard case .object(var input)? = seed["in"] else { throw TransferError.config("Field 'in' is required but not set") }
        let inConfig = PluginConfig(input, path: "in")
        guard try inConfig.string("type") == "file" else {
            throw TransferError(.plugin, "guess is built in for 'in: {type: file}' with csv files only")
        }
        let files = try FileInputPlugin.list(prefix: inConfig.string("path_prefix"), lastPath: nil, log: log)
        guard let first = files.first, let data = FileManager.default.contents(atPath: first) else {
            throw TransferError(.connection, "No input files to guess from (path_prefix: \(try inConfig.string("path_prefix")))")
        }
        var bytes = Array(data)
        var decoders = try FileDecoder.list(inConfig)
        if decoders.isEmpty {
            if bytes.starts(with: [0x1f, 0x8b]) { decoders = [.gzip] }
            if bytes.starts(with: Array("BZh".utf8)) { decoders = [.bzip2] }
            if !decoders.isEmpty { input["decoders"] = .array(decoders.map { .object(["type": .string($0.rawValue)]) }) }
        }
        for decoder in decoders { bytes = try decoder.decode(bytes, file: first) }
        let parser = try parserConfig(Array(bytes.prefix(sampleBytes)), truncated: bytes.count > sampleBytes,
            existing: inConfig.section("parser").values)
        input["parser"] = .object(parser)
        var result = seed
        result["in"] = .object(input)
        if result["out"] == nil { result["out"] = ["type": "stdout"] }
        return result
    }

    /// The parser section for `sample` (the start of a file; `truncated` when more follows),
    /// keeping keys the seed already set.
    static func parserConfig(_ sample: [UInt8], truncated: Bool, existing: Config) throws -> Config {
        var text = String(decoding: sample, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let newline = text.contains("\r\n") ? "CRLF" : text.contains("\r") ? "CR" : "LF"
        var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }.map(String.init)
        if truncated, lines.count > 1 { lines.removeLast() }
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard !lines.isEmpty else { throw TransferError(.data, "The first input file is empty: nothing to guess from") }
        let delimiter = existing["delimiter"]?.textValue ?? guessDelimiter(lines)
        let quote = "\""
        let escape = lines.contains { $0.contains("\\\"") } ? "\\" : "\""
        var tokenizer = CSVTokenizer(Array(lines.joined(separator: "\n").utf8) + [10], delimiter: delimiter, quote: quote, escape: escape)
        var rows: [[CSVTokenizer.Field]] = []
        while let record = try? tokenizer.next() { rows.append(record.fields) }
        guard let head = rows.first else { throw TransferError(.data, "No records in the first input file") }
        let width = rows.map(\.count).max() ?? head.count
        let nullString = ["NULL", "\\N", "null"].first { marker in
            rows.contains { row in row.contains { !$0.quoted && $0.text == marker } }
        }
        func column(_ index: Int, of rows: ArraySlice<[CSVTokenizer.Field]>) -> [String?] {
            rows.map { row in
                guard index < row.count else { return nil }
                let field = row[index]
                return !field.quoted && field.text == nullString ? nil : field.text
            }
        }
        let all = (0..<width).map { ColumnGuess.guess(column($0, of: rows[...])) }
        let body = (0..<width).map { ColumnGuess.guess(column($0, of: rows.dropFirst())) }
        let headTexts = head.map(\.text)
        // Distinct non-empty texts, none of which reads as a typed value, over typed columns (or,
        // when every column is a string, texts that look like names).
        let header = rows.count > 1 && head.count == width && Set(headTexts).count == headTexts.count
            && headTexts.allSatisfy { !$0.isEmpty && ColumnGuess.guess([$0]).type == .string }
            && (body.contains { $0.type != .string } || headTexts.allSatisfy(isIdentifier))
        let guesses = header ? body : all
        var columns: [ConfigValue] = []
        for (index, guess) in guesses.enumerated() {
            var entry: Config = ["name": .string(header ? headTexts[index] : "c\(index)"), "type": .string(guess.type.rawValue)]
            if let format = guess.format { entry["format"] = .string(format) }
            columns.append(.object(entry))
        }
        var parser: Config = [
            "charset": "UTF-8", "newline": .string(newline), "type": "csv", "delimiter": .string(delimiter),
            "quote": .string(quote), "escape": .string(escape),
        ]
        if let nullString { parser["null_string"] = .string(nullString) }
        parser["trim_if_not_quoted"] = false
        parser["skip_header_lines"] = .int(header ? 1 : 0)
        parser["allow_extra_columns"] = false
        parser["allow_optional_columns"] = false
        parser["columns"] = .array(columns)
        for (key, value) in existing where key != "columns" { parser[key] = value }
        return parser
    }

    /// The candidate that splits every line into the same number (> 1) of fields, most fields first.
    static func guessDelimiter(_ lines: [String]) -> String {
        var best = (delimiter: ",", score: 0)
        for candidate in delimiters {
            let counts = lines.prefix(100).map { $0.components(separatedBy: candidate).count - 1 }
            guard let first = counts.first, first > 0 else { continue }
            let consistent = counts.filter { $0 == first }.count
            let score = consistent * 1000 + first
            if consistent * 10 >= counts.count * 8 && score > best.score { best = (candidate, score) }
        }
        return best.delimiter
    }

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.first, first.isLetter || first == "_" else { return false }
        return text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }
}
