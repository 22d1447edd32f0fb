/// The order in which Digdag passes `-e K=V` options to `docker run`: the iteration order of a
/// `java.util.HashMap` holding the variables (buckets by the spread `String.hashCode`, table size
/// growing from 16 at load factor 0.75). Keys sharing a bucket are ordered by name here, where Java
/// keeps insertion order.
enum DockerEnvironmentOrder {
    /// `environment` as Java's HashMap would iterate it.
    static func ordered(_ environment: [String: String]) -> [(String, String)] {
        var capacity = 16
        while Double(environment.count) > Double(capacity) * 0.75 { capacity *= 2 }
        let mask = Int32(capacity - 1)
        return environment
            .map { (bucket: spread(javaHashCode($0.key)) & mask, name: $0.key, value: $0.value) }
            .sorted { $0.bucket != $1.bucket ? $0.bucket < $1.bucket : $0.name < $1.name }
            .map { ($0.name, $0.value) }
    }

    /// Java's `String.hashCode()` over UTF-16 code units.
    static func javaHashCode(_ text: String) -> Int32 {
        var hash: Int32 = 0
        for unit in text.utf16 { hash = hash &* 31 &+ Int32(unit) }
        return hash
    }

    /// `HashMap.hash`: the high half folded into the low half.
    private static func spread(_ hash: Int32) -> Int32 {
        hash ^ Int32(bitPattern: UInt32(bitPattern: hash) >> 16)
    }
}
