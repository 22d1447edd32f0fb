/// A Ruby/Embulk strftime format (`%Y-%m-%d %H:%M:%S.%6N %z`) that prints and parses timestamps
/// in a time zone.
///
/// Directives: `%Y %y %m %d %e %j %H %I %M %S %L %N %3N %6N %9N %p %z %:z %Z %s %b %a %F %T %%`.
public struct TimestampFormat: Sendable {
    enum Piece: Sendable, Equatable {
        case literal(String)
        case directive(Character, digits: Int?, colon: Bool)
    }

    /// The format as written.
    public let pattern: String
    /// The zone used when printing, and when parsing text without an offset.
    public let zone: TransferTimeZone
    let pieces: [Piece]

    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

    /// Compiles a format.
    public init(_ pattern: String, zone: TransferTimeZone = .utc) {
        self.pattern = pattern
        self.zone = zone
        var pieces: [Piece] = []
        var literal = ""
        var chars = Array(pattern)[...]
        while let char = chars.popFirst() {
            guard char == "%", !chars.isEmpty else {
                literal.append(char)
                continue
            }
            var digits: Int?
            var colon = false
            if chars.first == ":" {
                colon = true
                chars.removeFirst()
            }
            while let d = chars.first, d.isNumber {
                digits = (digits ?? 0) * 10 + d.wholeNumberValue!
                chars.removeFirst()
            }
            guard let directive = chars.popFirst() else { break }
            switch directive {
            case "%": literal.append("%")
            case "F": pieces += [Piece.literal(literal)] + Self.expand("%Y-%m-%d"); literal = ""
            case "T": pieces += [Piece.literal(literal)] + Self.expand("%H:%M:%S"); literal = ""
            default:
                if !literal.isEmpty { pieces.append(.literal(literal)) }
                literal = ""
                pieces.append(.directive(directive, digits: digits, colon: colon))
            }
        }
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        self.pieces = pieces.filter { $0 != .literal("") }
    }

    private static func expand(_ pattern: String) -> [Piece] { TimestampFormat(pattern).pieces }

    static func padded(_ value: Int64, _ width: Int) -> String {
        let text = String(value.magnitude)
        let pad = text.count < width ? String(repeating: "0", count: width - text.count) : ""
        return (value < 0 ? "-" : "") + pad + text
    }

    /// Prints `timestamp` in the format's zone.
    public func format(_ timestamp: Timestamp) -> String {
        let offset = zone.offset(atUTC: timestamp.seconds)
        let civil = CivilTime(epochSeconds: timestamp.seconds + Int64(offset), nanos: timestamp.nanos)
        var out = ""
        for piece in pieces {
            switch piece {
            case .literal(let text): out += text
            case .directive(let d, let digits, let colon):
                switch d {
                case "Y": out += Self.padded(civil.year, 4)
                case "y": out += Self.padded((civil.year % 100 + 100) % 100, 2)
                case "m": out += Self.padded(Int64(civil.month), 2)
                case "d": out += Self.padded(Int64(civil.day), 2)
                case "e": out += civil.day < 10 ? " \(civil.day)" : "\(civil.day)"
                case "j": out += Self.padded(Int64(civil.dayOfYear), 3)
                case "H": out += Self.padded(Int64(civil.hour), 2)
                case "I": out += Self.padded(Int64((civil.hour + 11) % 12 + 1), 2)
                case "p": out += civil.hour < 12 ? "AM" : "PM"
                case "M": out += Self.padded(Int64(civil.minute), 2)
                case "S": out += Self.padded(Int64(civil.second), 2)
                case "L": out += String(Self.padded(Int64(civil.nanos), 9).prefix(digits ?? 3))
                case "N": out += String(Self.padded(Int64(civil.nanos), 9).prefix(digits ?? 9))
                case "z": out += TransferTimeZone.offsetText(offset, colon: colon)
                case "Z": out += zone.abbreviation(atUTC: timestamp.seconds)
                case "s": out += String(timestamp.seconds)
                case "b": out += Self.months[civil.month - 1]
                case "a": out += Self.weekdays[civil.weekday]
                default: out += "%\(d)"
                }
            }
        }
        return out
    }
}
