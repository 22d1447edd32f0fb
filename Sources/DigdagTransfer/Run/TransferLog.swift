import Foundation

/// Embulk-style log lines: `2024-01-01 12:00:00.123 +0000 [INFO] (main): message`.
///
/// The caller gives the line writer and the clock; the log only formats.
public final class TransferLog: @unchecked Sendable {
    private let write: @Sendable (String) -> Void
    private let now: @Sendable () -> Date
    private let zone = TimeZone.current
    private let lock = NSLock()
    /// The thread name printed in parentheses.
    public var thread = "main"

    /// Creates a log that hands each finished line (with its newline) to `write`.
    public init(now: @escaping @Sendable () -> Date, write: @escaping @Sendable (String) -> Void) {
        self.now = now
        self.write = write
    }

    /// An INFO line.
    public func info(_ message: String) { line("INFO", message) }
    /// A WARN line.
    public func warn(_ message: String) { line("WARN", message) }
    /// An ERROR line.
    public func error(_ message: String) { line("ERROR", message) }

    /// The timestamp prefix Embulk prints (local time with offset).
    public func stamp() -> String {
        let date = now()
        let seconds = date.timeIntervalSince1970
        let whole = Int64(seconds.rounded(.down))
        let millis = Int((seconds - Double(whole)) * 1000)
        let offset = zone.secondsFromGMT(for: date)
        let format = TimestampFormat("%Y-%m-%d %H:%M:%S", zone: (try? TransferTimeZone(
            TransferTimeZone.offsetText(offset, colon: true))) ?? .utc)
        let ms = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(format.format(Timestamp(seconds: whole))).\(ms) \(TransferTimeZone.offsetText(offset, colon: false))"
    }

    private func line(_ level: String, _ message: String) {
        let text = "\(stamp()) [\(level)] (\(thread)): \(message)\n"
        lock.lock()
        defer { lock.unlock() }
        write(text)
    }

    /// Writes a line as it is (the stdout plugin's records), under the same lock.
    public func raw(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        write(text)
    }
}
