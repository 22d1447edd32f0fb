/// Picks one zone out of moment-timezone's packed data (`latest.json`, 885 KB, 446 zones), so
/// that a heap parses a few hundred bytes instead of the whole file when it needs a zone.
enum TimeZoneDataSubset {
    /// `{"version":...,"zones":[...],"links":[...]}` with only what `zone` needs (the zone itself,
    /// or the zone an alias links to, plus that link); nil when the zone is not in the data.
    static func subset(for zone: String, in data: String) -> String? {
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
    private static func entry(startingWith prefix: String, in data: String) -> String? {
        guard let start = data.range(of: "\"" + prefix) else { return nil }
        let body = data[data.index(after: start.lowerBound)...]
        guard let end = body.firstIndex(of: "\"") else { return nil }
        return String(body[..<end])
    }

    private static func entry(endingWith suffix: String, in data: String) -> String? {
        guard let end = data.range(of: suffix + "\"") else { return nil }
        let head = data[..<end.lowerBound]
        guard let start = head.lastIndex(of: "\"") else { return nil }
        return String(data[data.index(after: start)..<end.lowerBound]) + suffix
    }

    private static func firstString(after key: String, in data: String) -> String? {
        guard let keyRange = data.range(of: key) else { return nil }
        let rest = data[keyRange.upperBound...].drop { $0 == " " }
        guard rest.first == "\"" else { return nil }
        let body = rest.dropFirst()
        guard let end = body.firstIndex(of: "\"") else { return nil }
        return String(body[..<end])
    }
}
