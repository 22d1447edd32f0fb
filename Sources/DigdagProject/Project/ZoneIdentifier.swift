import Foundation

/// Validates and normalizes a time zone name as Java's `ZoneId.of` does.
///
/// Accepted: `Z`; offsets `+h`, `+hh`, `+hh:mm`, `+hhmm`, `+hh:mm:ss`, `+hhmmss` (up to ±18:00);
/// `UTC`, `GMT`, `UT`, optionally followed by an offset (`UTC+9`, `GMT-03:30`); and tz database
/// region names (`Asia/Tokyo`, `Japan`, `EST`). Java's legacy three-letter aliases that are not
/// tz database names (`JST`, `PST`, `IST`, ...) are rejected.
public enum ZoneIdentifier {
    /// Why a name is not a zone, with the Java exception text and kind.
    public struct Invalid: Error, Equatable, Sendable {
        /// Java's message, e.g. `Unknown time-zone ID: JST`.
        public var message: String
        /// Java's exception kind in words: `zone rules` or `date time`.
        public var kind: String
    }

    /// Java's `ZoneId.SHORT_IDS` keys that are not tz database ids.
    private static let javaOnlyShortIDs: Set<String> = [
        "ACT", "AET", "AGT", "ART", "AST", "BET", "BST", "CAT", "CNT", "CST", "CTT", "EAT", "ECT", "IET",
        "IST", "JST", "MIT", "NET", "NST", "PLT", "PNT", "PRT", "PST", "SST", "VST",
    ]

    /// The normalized id (`ZoneId.getId()`): `+9` gives `+09:00`, `UTC+0` gives `UTC`.
    public static func normalize(_ id: String) throws(Invalid) -> String {
        if id == "Z" { return "Z" }
        if id.count <= 1 { throw Invalid(message: "Invalid zone: \(id)", kind: "date time") }
        if id.hasPrefix("+") || id.hasPrefix("-") { return try offsetID(id) }
        if id == "UTC" || id == "GMT" || id == "UT" { return id }
        for prefix in ["UTC", "GMT", "UT"] where id.hasPrefix(prefix + "+") || id.hasPrefix(prefix + "-") {
            let offset = try offsetID(String(id.dropFirst(prefix.count)))
            return offset == "Z" ? prefix : prefix + offset
        }
        return try regionID(id)
    }

    /// Java's `ZoneOffset.of`.
    static func offsetID(_ text: String) throws(Invalid) -> String {
        let invalid = Invalid(message: "Invalid ID for ZoneOffset, invalid format: \(text)", kind: "date time")
        let chars = Array(text)
        guard let sign = chars.first, sign == "+" || sign == "-" else { throw invalid }
        func number(_ from: Int, _ length: Int) throws(Invalid) -> Int {
            guard from + length <= chars.count, let value = Int(String(chars[from..<from + length])),
                chars[from..<from + length].allSatisfy(\.isASCII)
            else { throw invalid }
            return value
        }
        func colon(_ at: Int) throws(Invalid) { if chars[at] != ":" { throw invalid } }
        var hours = 0, minutes = 0, seconds = 0
        switch chars.count {
        case 2: hours = try number(1, 1)
        case 3: hours = try number(1, 2)
        case 5: hours = try number(1, 2); minutes = try number(3, 2)
        case 6: hours = try number(1, 2); try colon(3); minutes = try number(4, 2)
        case 7: hours = try number(1, 2); minutes = try number(3, 2); seconds = try number(5, 2)
        case 9:
            hours = try number(1, 2); try colon(3); minutes = try number(4, 2); try colon(6); seconds = try number(7, 2)
        default: throw invalid
        }
        if hours > 18 {
            throw Invalid(message: "Zone offset hours not in valid range: value \(hours) is not in the range -18 to 18", kind: "date time")
        }
        if minutes > 59 {
            throw Invalid(message: "Zone offset minutes not in valid range: value \(minutes) is not in the range -59 to 59", kind: "date time")
        }
        if seconds > 59 {
            throw Invalid(message: "Zone offset seconds not in valid range: value \(seconds) is not in the range -59 to 59", kind: "date time")
        }
        if hours == 18 && (minutes > 0 || seconds > 0) {
            throw Invalid(message: "Zone offset not in valid range: -18:00 to +18:00", kind: "date time")
        }
        if hours == 0 && minutes == 0 && seconds == 0 { return "Z" }
        var result = "\(sign)\(twoDigits(hours)):\(twoDigits(minutes))"
        if seconds > 0 { result += ":\(twoDigits(seconds))" }
        return result
    }

    private static func regionID(_ id: String) throws(Invalid) -> String {
        guard hasRegionShape(id) else {
            throw Invalid(message: "Invalid ID for region-based ZoneId, invalid format: \(id)", kind: "date time")
        }
        guard isKnownRegion(id) else {
            throw Invalid(message: "Unknown time-zone ID: \(id)", kind: "zone rules")
        }
        return id
    }

    /// `^[A-Za-z][A-Za-z0-9~/._+-]+$` (Java's `ZoneRegion` check), without ICU's regex engine.
    static func hasRegionShape(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        guard bytes.count >= 2, let first = bytes.first, isLetter(first) else { return false }
        return bytes.dropFirst().allSatisfy { isLetter($0) || (0x30...0x39).contains($0) || "~/._+-".utf8.contains($0) }
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }

    /// In ICU's list of zones or the system tz database (links such as `Japan` or `US/Pacific`
    /// live only there). The file check comes first: it is a `stat`, where ICU's list costs
    /// milliseconds to build.
    private static func isKnownRegion(_ id: String) -> Bool {
        if javaOnlyShortIDs.contains(id) { return false }
        return isInSystemDatabase(id) || TimeZone.knownTimeZoneIdentifiers.contains(id)
    }

    private static func isInSystemDatabase(_ id: String) -> Bool {
        let parts = id.split(separator: "/")
        guard !parts.contains(where: { $0 == "." || $0 == ".." }),
            !["posix", "right"].contains(parts.first ?? ""),
            !id.contains("."), id != "Factory", id != "localtime", id != "posixrules"
        else { return false }
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: "/usr/share/zoneinfo/" + id, isDirectory: &isDirectory)
        return exists && !isDirectory.boolValue && TimeZone(identifier: id) != nil
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
