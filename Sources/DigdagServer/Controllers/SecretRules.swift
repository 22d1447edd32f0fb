// Temporary until SecretValidation moves to DigdagRuntime.
enum SecretRules {
    static func isValidKey(_ key: String) -> Bool {
        guard key.count <= 255, !key.isEmpty else { return false }
        return key.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { s in
            guard let first = s.first, first.isASCII, first.isLetter else { return false }
            if s.count == 1 { return true }
            guard let last = s.last, last.isASCII, last.isLetter || last.isNumber else { return false }
            return s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
        }
    }
    static func isValidValue(_ value: String) -> Bool { value.utf8.count <= 16 * 1024 }
}
