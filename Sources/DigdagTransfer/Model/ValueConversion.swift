/// Converts a record value to another Embulk type (`column_options: {type: ...}`).
enum ValueConversion {
    static func convert(_ value: TransferValue, to type: ColumnType, format: TimestampFormat) throws -> TransferValue {
        switch (value, type) {
        case (.null, _): return .null
        case (.boolean, .boolean), (.long, .long), (.double, .double), (.string, .string), (.timestamp, .timestamp),
            (.json, .json):
            return value
        case (.timestamp(let instant), .string): return .string(format.format(instant))
        case (.timestamp(let instant), .long): return .long(instant.seconds)
        case (.timestamp(let instant), .double): return .double(Double(instant.seconds) + Double(instant.nanos) / 1e9)
        case (_, .string): return .string(text(value))
        case (_, .json): return .json(text(value))
        case (.boolean(let flag), .long): return .long(flag ? 1 : 0)
        case (.double(let number), .long): return .long(Int64(number.rounded(.towardZero)))
        case (.long(let number), .double): return .double(Double(number))
        case (.boolean(let flag), .double): return .double(flag ? 1 : 0)
        case (.long(let number), .boolean): return .boolean(number != 0)
        case (.double(let number), .boolean): return .boolean(number != 0)
        case (.long(let number), .timestamp): return .timestamp(Timestamp(seconds: number))
        case (.string(let s), _), (.json(let s), _):
            switch type {
            case .long:
                guard let number = Int64(s) ?? Double(s).map({ Int64($0.rounded(.towardZero)) }) else { break }
                return .long(number)
            case .double:
                guard let number = Double(s) else { break }
                return .double(number)
            case .boolean:
                return .boolean(["true", "yes", "y", "on", "1"].contains(s.lowercased()))
            case .timestamp:
                return .timestamp(try format.parse(s))
            default: break
            }
            throw TransferError(.data, "Cannot convert '\(s)' to \(type.rawValue)")
        default:
            throw TransferError(.data, "Cannot convert \(text(value)) to \(type.rawValue)")
        }
    }

    static func text(_ value: TransferValue) -> String {
        switch value {
        case .null: ""
        case .boolean(let flag): flag ? "true" : "false"
        case .long(let number): String(number)
        case .double(let number): String(number)
        case .string(let s), .json(let s): s
        case .timestamp(let instant): TimestampFormat("%Y-%m-%d %H:%M:%S.%6N %z").format(instant)
        }
    }
}
