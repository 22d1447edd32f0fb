/// Splits CSV bytes into records of fields the way Embulk's csv parser does: a configurable
/// delimiter, quote and escape character, quoted fields spanning lines, `""` inside quotes,
/// unquoted empty fields as null and quoted empty fields as empty strings.
public struct CSVTokenizer: Sendable {
    /// One field: its text and whether it was quoted.
    public struct Field: Sendable, Equatable {
        /// The field's text (quotes and escapes removed).
        public var text: String
        /// Whether the field was quoted.
        public var quoted: Bool

        /// Creates a field.
        public init(_ text: String, quoted: Bool) {
            self.text = text
            self.quoted = quoted
        }
    }

    /// One record: its fields, the line it started on (1-based) and its raw text.
    public struct Record: Sendable {
        /// The fields.
        public var fields: [Field]
        /// The line number where the record starts.
        public var line: Int
        /// The raw text of the record (for skipped-record messages).
        public var raw: String
    }

    let delimiter: [UInt8]
    let quote: UInt8?
    let escape: UInt8?
    let trimIfNotQuoted: Bool
    let commentMarker: [UInt8]?
    private let bytes: [UInt8]
    private var position = 0
    private var line = 1

    /// Creates a tokenizer over `bytes`.
    public init(
        _ bytes: [UInt8], delimiter: String = ",", quote: String? = "\"", escape: String? = "\\",
        trimIfNotQuoted: Bool = false, commentLineMarker: String? = nil
    ) {
        self.bytes = bytes
        self.delimiter = Array(delimiter.utf8)
        self.quote = quote.flatMap { $0.utf8.first }
        self.escape = escape.flatMap { $0.utf8.first }
        self.trimIfNotQuoted = trimIfNotQuoted
        self.commentMarker = commentLineMarker.map { Array($0.utf8) }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    /// Skips `count` lines (`skip_header_lines`).
    public mutating func skipLines(_ count: Int) {
        for _ in 0..<count where position < bytes.count {
            while position < bytes.count && bytes[position] != 10 { position += 1 }
            position += 1
            line += 1
        }
    }

    private func isNewline(_ index: Int) -> Int {
        guard index < bytes.count else { return 0 }
        if bytes[index] == 10 { return 1 }
        if bytes[index] == 13 { return index + 1 < bytes.count && bytes[index + 1] == 10 ? 2 : 1 }
        return 0
    }

    private func isDelimiter(_ index: Int) -> Bool {
        guard index + delimiter.count <= bytes.count else { return false }
        for offset in 0..<delimiter.count where bytes[index + offset] != delimiter[offset] { return false }
        return true
    }

    /// The next record, nil at the end; an unterminated quote is an error.
    public mutating func next() throws -> Record? {
        while position < bytes.count {
            if let marker = commentMarker, bytes[position...].starts(with: marker) {
                skipLines(1)
                continue
            }
            let newline = isNewline(position)
            if newline > 0 {  // empty lines are skipped
                position += newline
                line += 1
                continue
            }
            break
        }
        guard position < bytes.count else { return nil }
        let startLine = line
        let start = position
        var fields: [Field] = []
        var current: [UInt8] = []
        while true {
            // At the start of a field.
            var quoted = false
            current.removeAll(keepingCapacity: true)
            var probe = position
            while probe < bytes.count && bytes[probe] == 32 { probe += 1 }
            if let quote, probe < bytes.count, bytes[probe] == quote {
                quoted = true
                position = probe + 1
                while true {
                    guard position < bytes.count else {
                        throw TransferError(.data, "Unexpected end of file in a quoted field starting on line \(startLine)")
                    }
                    let byte = bytes[position]
                    if byte == quote {
                        if position + 1 < bytes.count && bytes[position + 1] == quote {
                            current.append(quote)
                            position += 2
                            continue
                        }
                        position += 1
                        break
                    }
                    if let escape, byte == escape, escape != quote, position + 1 < bytes.count,
                        bytes[position + 1] == quote || bytes[position + 1] == escape
                    {
                        current.append(bytes[position + 1])
                        position += 2
                        continue
                    }
                    if byte == 10 { line += 1 }
                    current.append(byte)
                    position += 1
                }
                while position < bytes.count && bytes[position] == 32 { position += 1 }
            } else {
                while position < bytes.count && !isDelimiter(position) && isNewline(position) == 0 {
                    if let escape, escape != quote, bytes[position] == escape, position + 1 < bytes.count,
                        bytes[position + 1] == quote || bytes[position + 1] == escape
                    {
                        current.append(bytes[position + 1])
                        position += 2
                        continue
                    }
                    current.append(bytes[position])
                    position += 1
                }
            }
            var text = String(decoding: current, as: UTF8.self)
            if !quoted && trimIfNotQuoted { text = text.trimmingSpaces }
            fields.append(Field(text, quoted: quoted))
            if isDelimiter(position) {
                position += delimiter.count
                continue
            }
            let newline = isNewline(position)
            if newline > 0 || position >= bytes.count {
                let raw = String(decoding: bytes[start..<position], as: UTF8.self)
                position += newline
                line += 1
                return Record(fields: fields, line: startLine, raw: raw)
            }
            // Text after a closing quote: take the rest of the field as text (an invalid record).
            throw TransferError(.data, "Unexpected character after a quoted field on line \(line)")
        }
    }
}

extension CSVTokenizer {
    /// After an error, moves to the start of the next line.
    public mutating func skipRestOfLine() {
        while position < bytes.count && isNewline(position) == 0 { position += 1 }
        position += isNewline(position)
        line += 1
    }
}
