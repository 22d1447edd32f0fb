import Foundation

/// Liquid's standard filters (the ones liqp, Embulk's Liquid engine, provides).
enum LiquidFilters {
    static let names = [
        "abs", "append", "capitalize", "ceil", "compact", "date", "default", "divided_by", "downcase", "escape",
        "first", "floor", "join", "json", "last", "lstrip", "minus", "modulo", "plus", "prepend", "remove",
        "remove_first", "replace", "replace_first", "reverse", "round", "rstrip", "size", "slice", "sort", "split",
        "strip", "strip_newlines", "times", "truncate", "uniq", "upcase", "url_encode",
    ]

    static func apply(_ name: String, to value: LiquidValue, args: [LiquidValue]) throws -> LiquidValue {
        func arg(_ index: Int) -> LiquidValue { index < args.count ? args[index] : .nil_ }
        let text = value.text
        switch name {
        case "default":
            if case .string("") = value { return arg(0) }
            return value.isTruthy ? value : arg(0)
        case "upcase": return .string(text.uppercased())
        case "downcase": return .string(text.lowercased())
        case "capitalize": return .string(text.prefix(1).uppercased() + text.dropFirst())
        case "append": return .string(text + arg(0).text)
        case "prepend": return .string(arg(0).text + text)
        case "replace": return .string(text.replacingOccurrences(of: arg(0).text, with: arg(1).text))
        case "replace_first":
            guard let range = text.range(of: arg(0).text) else { return .string(text) }
            return .string(text.replacingCharacters(in: range, with: arg(1).text))
        case "remove": return .string(text.replacingOccurrences(of: arg(0).text, with: ""))
        case "remove_first":
            guard let range = text.range(of: arg(0).text) else { return .string(text) }
            return .string(text.replacingCharacters(in: range, with: ""))
        case "strip": return .string(text.trimmingSpaces)
        case "lstrip": return .string(String(text.drop { $0.isWhitespace }))
        case "rstrip": return .string(String(text.reversed().drop { $0.isWhitespace }.reversed()))
        case "strip_newlines": return .string(text.filter { $0 != "\n" && $0 != "\r\n" && $0 != "\r" })
        case "escape":
            return .string(text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
                .replacingOccurrences(of: "'", with: "&#39;"))
        case "url_encode":
            return .string(text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text)
        case "size":
            if case .array(let items) = value { return .int(items.count) }
            return .int(text.count)
        case "split": return .array(text.components(separatedBy: arg(0).text).map(LiquidValue.string))
        case "join": return .string(value.items.map(\.text).joined(separator: args.isEmpty ? " " : arg(0).text))
        case "first": return value.items.first ?? .nil_
        case "last": return value.items.last ?? .nil_
        case "reverse": return .array(value.items.reversed())
        case "sort": return .array(value.items.sorted { $0.text < $1.text })
        case "uniq":
            var seen: [LiquidValue] = []
            for item in value.items where !seen.contains(item) { seen.append(item) }
            return .array(seen)
        case "compact": return .array(value.items.filter { $0 != .nil_ })
        case "json": return .string(json(value))
        case "slice":
            let chars = Array(text)
            var start = Int(arg(0).number ?? 0)
            if start < 0 { start += chars.count }
            let length = Int(arg(1).number ?? 1)
            guard start >= 0, start < chars.count else { return .string("") }
            return .string(String(chars[start..<min(chars.count, start + length)]))
        case "truncate":
            let limit = Int(arg(0).number ?? 50)
            let ellipsis = args.count > 1 ? arg(1).text : "..."
            guard text.count > limit else { return .string(text) }
            return .string(String(text.prefix(max(0, limit - ellipsis.count))) + ellipsis)
        case "plus", "minus", "times", "divided_by", "modulo":
            return try arithmetic(name, value, arg(0))
        case "abs", "ceil", "floor", "round":
            guard let x = value.number else { return value }
            switch name {
            case "abs": return value.isInteger ? .int(Int(abs(x))) : .double(abs(x))
            case "ceil": return .int(Int(x.rounded(.up)))
            case "floor": return .int(Int(x.rounded(.down)))
            default:
                guard let digits = arg(0).number, digits > 0 else { return .int(Int(x.rounded())) }
                let scale = pow(10, digits)
                return .double((x * scale).rounded() / scale)
            }
        case "date": return try date(value, format: arg(0).text)
        default:
            throw TransferError.config(
                "Liquid filter '\(name)' is not supported; supported filters: \(names.joined(separator: ", "))")
        }
    }

    static func arithmetic(_ name: String, _ a: LiquidValue, _ b: LiquidValue) throws -> LiquidValue {
        guard let x = a.number, let y = b.number else {
            throw TransferError.config("Liquid filter '\(name)' needs numbers, got '\(a.text)' and '\(b.text)'")
        }
        if a.isInteger && b.isInteger {
            let i = Int(x), j = Int(y)
            switch name {
            case "plus": return .int(i + j)
            case "minus": return .int(i - j)
            case "times": return .int(i * j)
            case "divided_by":
                guard j != 0 else { throw TransferError.config("Liquid: divided by 0") }
                return .int(Int((Double(i) / Double(j)).rounded(.down)))
            default:
                guard j != 0 else { throw TransferError.config("Liquid: divided by 0") }
                return .int(i % j)
            }
        }
        switch name {
        case "plus": return .double(x + y)
        case "minus": return .double(x - y)
        case "times": return .double(x * y)
        case "divided_by": return .double(x / y)
        default: return .double(x.truncatingRemainder(dividingBy: y))
        }
    }

    /// `{{ 'now' | date: '%Y-%m-%d' }}`, also for epoch seconds and `YYYY-MM-DD[ HH:MM:SS]` text.
    static func date(_ value: LiquidValue, format: String) throws -> LiquidValue {
        let offset = TimeZone.current.secondsFromGMT()
        let zone = (try? TransferTimeZone(TransferTimeZone.offsetText(offset, colon: true))) ?? .utc
        let instant: Timestamp
        switch value {
        case .string("now"), .string("today"):
            instant = Timestamp(seconds: Int64(Date().timeIntervalSince1970))
        case .int(let seconds): instant = Timestamp(seconds: Int64(seconds))
        default:
            let text = value.text
            if let seconds = Int64(text) {
                instant = Timestamp(seconds: seconds)
            } else if let parsed = ["%Y-%m-%d %H:%M:%S %z", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"]
                .lazy.compactMap({ try? TimestampFormat($0, zone: zone).parse(text) }).first
            {
                instant = parsed
            } else {
                return value
            }
        }
        return .string(TimestampFormat(format, zone: zone).format(instant))
    }

    static func json(_ value: LiquidValue) -> String {
        switch value {
        case .nil_: "null"
        case .bool(let b): b ? "true" : "false"
        case .int, .double: value.text
        case .string(let s): "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        case .array(let items): "[" + items.map(json).joined(separator: ",") + "]"
        case .object(let map): "{" + map.keys.sorted().map { json(.string($0)) + ":" + json(map[$0]!) }.joined(separator: ",") + "}"
        }
    }
}

extension LiquidValue {
    var isInteger: Bool {
        switch self {
        case .int: true
        case .string(let s): Int(s.trimmingSpaces) != nil
        default: false
        }
    }
}
