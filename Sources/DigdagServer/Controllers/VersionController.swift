import DigdagCore
import Hummingbird

/// `/api/version` and `/api/version/check`.
struct VersionController {
    let context: ServerContext

    func register(on router: APIRoutes) {
        router.get("/api/version") { _, _ in JSONResponse.make(["version": .string(context.settings.version)]) }
        router.get("/api/version/check") { request, _ in
            // Digdag's `Version.parse` throws IllegalArgumentException, which its server answers with 400.
            guard let client = request.query("client") else {
                throw APIError.badRequest("client= is required")
            }
            let clientVersion = try DigdagVersion.parse(client)
            let settings = context.settings
            let upgrade = settings.upgradeRecommendedIfOlder.flatMap { try? DigdagVersion.parse($0) }.map {
                clientVersion < $0
            } ?? false
            let incompatible = settings.apiIncompatibleIfOlder.flatMap { try? DigdagVersion.parse($0) }.map {
                clientVersion < $0
            } ?? false
            return JSONResponse.make([
                "serverVersion": .string(settings.version), "upgradeRecommended": .bool(upgrade),
                "apiCompatible": .bool(!incompatible),
            ])
        }
    }
}

/// A dotted version with an optional `-qualifier`, parsed and ordered as Digdag's `Version`.
struct DigdagVersion: Comparable {
    let numbers: [Int]
    let qualifier: String?

    /// Parses `1.2.3` or `1.2.3-SNAPSHOT`: numbers without leading zeros, a qualifier of letters,
    /// digits, `_`, `-` and `.`; Digdag's messages otherwise.
    static func parse(_ text: String) throws(APIError) -> DigdagVersion {
        let invalid = APIError.badRequest("Invalid version string: \(text)")
        let parts = text.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard let numeric = parts.first, !numeric.isEmpty else { throw invalid }
        var numbers: [Int] = []
        for piece in numeric.split(separator: ".", omittingEmptySubsequences: false) {
            guard !piece.isEmpty, piece.allSatisfy(\.isASCIIDigit), piece == "0" || !piece.hasPrefix("0") else {
                throw invalid
            }
            guard let number = Int32(piece) else { throw APIError.badRequest("Too big version number: \(text)") }
            numbers.append(Int(number))
        }
        var qualifier: String? = nil
        if parts.count > 1 {
            let allowed = parts[1].allSatisfy { $0.isASCIIDigit || $0.isASCIILetter || "_-.".contains($0) }
            guard !parts[1].isEmpty, allowed else { throw invalid }
            qualifier = String(parts[1])
        }
        return DigdagVersion(numbers: numbers, qualifier: qualifier)
    }

    static func < (a: DigdagVersion, b: DigdagVersion) -> Bool {
        let count = max(a.numbers.count, b.numbers.count)
        for i in 0..<count {
            let x = i < a.numbers.count ? a.numbers[i] : 0
            let y = i < b.numbers.count ? b.numbers[i] : 0
            if x != y { return x < y }
        }
        switch (a.qualifier, b.qualifier) {
        case (nil, nil), (nil, _?): return false
        case (_?, nil): return true
        case (let p?, let q?): return p < q
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
    fileprivate var isASCIILetter: Bool { isASCII && isLetter }
}
