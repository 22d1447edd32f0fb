/// Compares secrets (credentials, tokens) in time that depends only on their lengths, so that
/// response timing does not tell an attacker how many leading bytes were right.
enum ConstantTimeComparison {
    /// True when both byte strings are equal.
    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
        let count = max(a.count, b.count)
        for i in 0..<count {
            let x = i < a.count ? a[i] : 0
            let y = i < b.count ? b[i] : 0
            difference |= x ^ y
        }
        return difference == 0 && a.count == b.count
    }
}
