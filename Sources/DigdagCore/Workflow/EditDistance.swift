/// "Did you mean" suggestions by Levenshtein distance, as Digdag's EditDistance.
public enum EditDistance {
    /// Candidates whose similarity to `word` is at least `threshold` (1 - distance / longer length).
    public static func suggest(_ word: String, among candidates: [String], threshold: Double = 0.5) -> [String] {
        candidates.filter { candidate in
            let longer = max(word.count, candidate.count)
            guard longer > 0 else { return true }
            return 1 - Double(distance(word, candidate)) / Double(longer) >= threshold
        }
    }

    /// The Levenshtein distance between two strings.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
