import DigdagOperatorKit
import Foundation

/// What one SMTP transaction carries: sender, recipients and the rendered message.
struct SMTPEnvelope: Sendable {
    /// `MAIL FROM` address.
    var sender: String
    /// `RCPT TO` addresses (to, cc and bcc).
    var recipients: [String]
    /// The message as sent after `DATA`, CRLF line ends.
    var message: Data
}

/// Sends mail to an SMTP server. Errors are `OperatorError`s with Digdag-like messages that
/// never contain the password.
protocol MailTransport: Sendable {
    /// Sends `envelope` with `settings`; TLS trust comes from `trust`.
    func send(_ envelope: SMTPEnvelope, settings: SMTPSettings, trust: TLSTrust, logger: any TaskLogger) async throws
}

/// Which certificate authorities TLS connections trust: the system's, unless the
/// environment names others (`SSL_CERT_FILE`, `SSL_CERT_DIR`, as OpenSSL tools read them).
struct TLSTrust: Sendable, Equatable {
    /// A PEM bundle of trusted certificates.
    var caFile: String?
    /// A directory of hashed certificates.
    var caDirectory: String?

    /// The trust settings named by `environment`.
    init(environment: [String: String]) {
        caFile = environment["SSL_CERT_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        caDirectory = environment["SSL_CERT_DIR"].flatMap { $0.isEmpty ? nil : $0 }
    }
}
