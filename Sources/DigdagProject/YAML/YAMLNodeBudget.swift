/// Bounds how many values one YAML document may build, so that nested aliases (a "billion
/// laughs" of a few hundred bytes) fail within milliseconds instead of expanding without end.
///
/// Text without aliases builds at most about one value per byte; the limit leaves room for
/// ordinary anchors and `<<` merges several times over.
final class YAMLNodeBudget {
    /// Values that may still be built.
    private var remaining: Int
    /// The limit this budget started with, for the message.
    let limit: Int

    /// A budget for a document of `byteCount` bytes.
    init(byteCount: Int) {
        limit = 100_000 + 4 * byteCount
        remaining = limit
    }

    /// Takes one value from the budget, failing once it is spent.
    func spend() throws(YAMLLoadFailure) {
        remaining -= 1
        if remaining < 0 {
            throw YAMLLoadFailure(
                .composer,
                "YAML aliases expand to more than \(limit) values (nested anchors and aliases, *name); "
                    + "the document was rejected")
        }
    }
}
