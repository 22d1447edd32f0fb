import Foundation

/// A time zone named in a config (`default_timezone: Asia/Tokyo`, `UTC`, `+09:00`).
public struct TransferTimeZone: Sendable, Equatable {
    /// The name as written.
    public var name: String
    private var fixedOffset: Int?
    private var zone: TimeZone?

    /// UTC.
    public static let utc = TransferTimeZone(name: "UTC", fixedOffset: 0, zone: nil)

    private init(name: String, fixedOffset: Int?, zone: TimeZone?) {
        self.name = name
        self.fixedOffset = fixedOffset
        self.zone = zone
    }

    /// Parses a zone name: `UTC`, `Z`, `+09:00`, `-0500` or an IANA name.
    public init(_ name: String) throws {
        if ["UTC", "utc", "Z", "GMT", "Etc/UTC"].contains(name) {
            self = .utc
            self.name = name
            return
        }
        if let offset = Self.parseOffset(name) {
            self.init(name: name, fixedOffset: offset, zone: nil)
            return
        }
        guard let zone = TimeZone(identifier: name) else {
            throw TransferError.config("Unknown time zone '\(name)'")
        }
        self.init(name: name, fixedOffset: nil, zone: zone)
    }

    /// `+09:00`, `+0900`, `-05` as seconds east of UTC.
    static func parseOffset(_ text: String) -> Int? {
        var chars = Array(text)
        guard let sign = chars.first, sign == "+" || sign == "-" else { return nil }
        chars.removeFirst()
        chars.removeAll { $0 == ":" }
        guard chars.count == 2 || chars.count == 4, chars.allSatisfy(\.isNumber) else { return nil }
        let hours = Int(String(chars[0..<2]))!
        let minutes = chars.count == 4 ? Int(String(chars[2..<4]))! : 0
        let seconds = hours * 3600 + minutes * 60
        return sign == "-" ? -seconds : seconds
    }

    /// Seconds east of UTC at the instant `seconds` since the epoch.
    public func offset(atUTC seconds: Int64) -> Int {
        if let fixedOffset { return fixedOffset }
        return zone!.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    /// The instant of a wall time in this zone (the earlier one when the wall time repeats).
    public func instant(ofLocal localSeconds: Int64) -> Int64 {
        if let fixedOffset { return localSeconds - Int64(fixedOffset) }
        let guess = localSeconds - Int64(offset(atUTC: localSeconds))
        return localSeconds - Int64(offset(atUTC: guess))
    }

    /// `+0900` style text of an offset.
    static func offsetText(_ offset: Int, colon: Bool) -> String {
        let sign = offset < 0 ? "-" : "+"
        let magnitude = abs(offset)
        let hours = magnitude / 3600, minutes = magnitude / 60 % 60
        let hh = hours < 10 ? "0\(hours)" : "\(hours)", mm = minutes < 10 ? "0\(minutes)" : "\(minutes)"
        return sign + hh + (colon ? ":" : "") + mm
    }

    /// The abbreviation printed by `%Z` (`UTC`, `JST`, or the offset).
    func abbreviation(atUTC seconds: Int64) -> String {
        if fixedOffset == 0 { return "UTC" }
        if let fixedOffset { return Self.offsetText(fixedOffset, colon: true) }
        return zone!.abbreviation(for: Date(timeIntervalSince1970: TimeInterval(seconds))) ?? name
    }
}
