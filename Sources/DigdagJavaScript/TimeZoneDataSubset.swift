import Foundation

/// Picks one zone out of moment-timezone's packed data (`latest.json`, 885 KB, 446 zones), so
/// that a heap parses a few hundred bytes instead of the whole file when it needs a zone.
enum TimeZoneDataSubset {
    /// `{"version":...,"zones":[...],"links":[...]}` with only what `zone` needs (the zone itself,
    /// or the zone an alias links to, plus that link); nil when the zone is not in the data.
    static func subset(for zone: String, in data: [UInt8]) -> String? {
        guard let version = firstString(after: "\"version\":", in: data) else { return nil }
        if let packed = entry(startingWith: zone + "|", in: data) {
            return bundle(version: version, zones: [packed], links: [])
        }
        // An alias: links are "Target|Alias".
        guard let link = entry(endingWith: "|" + zone, in: data),
            let target = link.split(separator: "|").first,
            let packed = entry(startingWith: target + "|", in: data)
        else { return nil }
        return bundle(version: version, zones: [packed], links: [link])
    }

    private static func bundle(version: String, zones: [String], links: [String]) -> String {
        func list(_ items: [String]) -> String { items.map { "\"\($0)\"" }.joined(separator: ",") }
        return "{\"version\":\"\(version)\",\"zones\":[\(list(zones))],\"links\":[\(list(links))]}"
    }

    /// The quoted entry that begins with `prefix` (zone names contain no quotes or escapes).
    private static func entry(startingWith prefix: String, in bytes: [UInt8]) -> String? {
        guard let start = find(Array(("\"" + prefix).utf8), in: bytes, from: 0) else { return nil }
        guard let end = bytes[(start + 1)...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
        return String(decoding: bytes[(start + 1)..<end], as: UTF8.self)
    }

    private static func entry(endingWith suffix: String, in bytes: [UInt8]) -> String? {
        guard let end = find(Array((suffix + "\"").utf8), in: bytes, from: 0),
            let start = bytes[..<end].lastIndex(of: UInt8(ascii: "\""))
        else { return nil }
        return String(decoding: bytes[(start + 1)..<end], as: UTF8.self) + suffix
    }

    private static func firstString(after key: String, in bytes: [UInt8]) -> String? {
        guard let keyStart = find(Array(key.utf8), in: bytes, from: 0) else { return nil }
        var i = keyStart + key.utf8.count
        while i < bytes.count, bytes[i] == UInt8(ascii: " ") { i += 1 }
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\""),
            let end = bytes[(i + 1)...].firstIndex(of: UInt8(ascii: "\""))
        else { return nil }
        return String(decoding: bytes[(i + 1)..<end], as: UTF8.self)
    }

    /// The first index of `needle` in `haystack` at or after `from` (candidates found with `memchr`).
    private static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard let first = needle.first, from + needle.count <= haystack.count else { return nil }
        return haystack.withUnsafeBytes { hay -> Int? in
            let base = hay.baseAddress!
            var position = from
            let last = hay.count - needle.count
            while position <= last {
                guard let hit = memchr(base + position, Int32(first), last - position + 1) else { return nil }
                let index = base.distance(to: UnsafeRawPointer(hit))
                if memcmp(base + index, needle, needle.count) == 0 { return index }
                position = index + 1
            }
            return nil
        }
    }
}
