/// `withUnsafeBytes` that keeps a typed `throws(ProjectArchiveError)` (the standard library's
/// versions are `rethrows`, which widens to `any Error`).
extension Array where Element == UInt8 {
    /// Calls `body` with the array's bytes.
    func withArchiveBytes<R>(
        _ body: (UnsafeRawBufferPointer) throws(ProjectArchiveError) -> R
    ) throws(ProjectArchiveError) -> R {
        let result = withUnsafeBytes { bytes in
            Result { () throws(ProjectArchiveError) -> R in try body(bytes) }
        }
        return try result.get()
    }

    /// Calls `body` with the array's mutable bytes.
    mutating func withMutableArchiveBytes<R>(
        _ body: (UnsafeMutableRawBufferPointer) throws(ProjectArchiveError) -> R
    ) throws(ProjectArchiveError) -> R {
        let result = withUnsafeMutableBytes { bytes in
            Result { () throws(ProjectArchiveError) -> R in try body(bytes) }
        }
        return try result.get()
    }
}
