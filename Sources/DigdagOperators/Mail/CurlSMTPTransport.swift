import CCurl
import DigdagHTTP
import DigdagOperatorKit
import Dispatch
import Foundation

/// Sends mail with libcurl: SMTP, STARTTLS when the server offers it (`tls`), implicit TLS
/// (`ssl`, SMTPS) and AUTH with any mechanism both sides support.
///
/// libcurl blocks, so each transfer runs on a Dispatch thread, never on the cooperative pool;
/// cancelling the Swift task aborts the transfer. Timeouts: 10 s to connect, then the transfer
/// fails when no byte moves for 60 s (JavaMail's read timeout).
struct CurlSMTPTransport: MailTransport {
    /// Creates the transport.
    init() {}

    func send(_ envelope: SMTPEnvelope, settings: SMTPSettings, trust: TLSTrust, logger: any TaskLogger) async throws {
        _ = CurlGlobal.initialized
        let cancelled = CancelFlag()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                DispatchQueue.global().async {
                    let transfer = CurlTransfer(
                        envelope: envelope, settings: settings, trust: trust, logger: logger, cancelled: cancelled)
                    continuation.resume(with: Result { try transfer.perform() })
                }
            }
        } onCancel: {
            cancelled.cancel()
        }
    }
}

/// One libcurl easy transfer and the state its callbacks need. Used on one thread only.
final class CurlTransfer {
    let envelope: SMTPEnvelope
    let settings: SMTPSettings
    let trust: TLSTrust
    let logger: any TaskLogger
    let cancelled: CancelFlag
    /// Bytes of the message already handed to curl.
    var offset = 0
    /// The server's last reply line, for error messages.
    var lastReply: String?
    var trace = SMTPTraceRedactor()

    init(envelope: SMTPEnvelope, settings: SMTPSettings, trust: TLSTrust, logger: any TaskLogger, cancelled: CancelFlag) {
        self.envelope = envelope
        self.settings = settings
        self.trust = trust
        self.logger = logger
        self.cancelled = cancelled
    }

    /// Runs the transfer; throws an `OperatorError` when it fails.
    func perform() throws {
        guard let handle = curl_easy_init() else { throw OperatorError.runtime("libcurl could not be initialised") }
        defer { curl_easy_cleanup(handle) }
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        defer { errorBuffer.deallocate() }
        var recipients: UnsafeMutablePointer<curl_slist>?
        for address in envelope.recipients {
            recipients = curl_slist_append(recipients, "<\(address)>")
        }
        defer { curl_slist_free_all(recipients) }

        let me = Unmanaged.passUnretained(self).toOpaque()
        var code = configure(handle, errorBuffer: errorBuffer, recipients: recipients, userdata: me)
        if code == CURLE_OK {
            code = withExtendedLifetime(self) { curl_easy_perform(handle) }
        }
        guard code == CURLE_OK else {
            throw SMTPFailure.error(
                code, settings: settings, detail: String(cString: errorBuffer), lastReply: lastReply)
        }
    }

    private func configure(
        _ handle: UnsafeMutableRawPointer, errorBuffer: UnsafeMutablePointer<CChar>,
        recipients: UnsafeMutablePointer<curl_slist>?, userdata: UnsafeMutableRawPointer
    ) -> CURLcode {
        let host = settings.host.contains(":") ? "[\(settings.host)]" : settings.host
        let scheme = settings.ssl ? "smtps" : "smtp"
        var strings: [(CURLoption, String)] = [
            (CURLOPT_URL, "\(scheme)://\(host):\(settings.port)"),
            (CURLOPT_MAIL_FROM, "<\(envelope.sender)>"),
        ]
        if let username = settings.username {
            strings.append((CURLOPT_USERNAME, username))
            strings.append((CURLOPT_PASSWORD, settings.password ?? ""))
        }
        if let caFile = trust.caFile { strings.append((CURLOPT_CAINFO, caFile)) }
        if let caDirectory = trust.caDirectory { strings.append((CURLOPT_CAPATH, caDirectory)) }
        let longs: [(CURLoption, Int)] = [
            (CURLOPT_NOSIGNAL, 1), (CURLOPT_UPLOAD, 1), (CURLOPT_VERBOSE, 1), (CURLOPT_NOPROGRESS, 0),
            (CURLOPT_CONNECTTIMEOUT_MS, 10_000), (CURLOPT_LOW_SPEED_LIMIT, 1), (CURLOPT_LOW_SPEED_TIME, 60),
            (CURLOPT_USE_SSL, Int(settings.startTLS && !settings.ssl ? CURLUSESSL_TRY.rawValue : CURLUSESSL_NONE.rawValue)),
        ]
        for (option, value) in strings {
            let code = ccurl_setopt_string(handle, option, value)
            guard code == CURLE_OK else { return code }
        }
        for (option, value) in longs {
            let code = ccurl_setopt_long(handle, option, value)
            guard code == CURLE_OK else { return code }
        }
        let pointers: [(CURLoption, UnsafeMutableRawPointer?)] = [
            (CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer)),
            (CURLOPT_MAIL_RCPT, recipients.map { UnsafeMutableRawPointer($0) }),
            (CURLOPT_READDATA, userdata), (CURLOPT_DEBUGDATA, userdata), (CURLOPT_XFERINFODATA, userdata),
        ]
        for (option, value) in pointers {
            let code = ccurl_setopt_pointer(handle, option, value)
            guard code == CURLE_OK else { return code }
        }
        for code in [
            ccurl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "smtp,smtps"),
            ccurl_setopt_read_function(handle, curlReadMessage),
            ccurl_setopt_debug_function(handle, curlDebugLine),
            ccurl_setopt_progress_function(handle, curlProgress),
        ] where code != CURLE_OK {
            return code
        }
        return CURLE_OK
    }

    /// A server reply or client command seen by curl's debug callback.
    func observe(_ type: curl_infotype, _ text: String) {
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
        for line in lines {
            switch type {
            case CURLINFO_HEADER_IN:
                lastReply = line
                trace.reply(line)
                if settings.debug { logger.log(.info, "SMTP < " + line) }
            case CURLINFO_HEADER_OUT:
                let shown = trace.command(line)
                if settings.debug { logger.log(.info, "SMTP > " + shown) }
            case CURLINFO_TEXT:
                if settings.debug { logger.log(.info, "SMTP * " + line) }
            default:
                break
            }
        }
    }
}

/// `CURLOPT_READFUNCTION`: copies the next message bytes.
private func curlReadMessage(
    _ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userdata: UnsafeMutableRawPointer?
) -> Int {
    guard let buffer, let userdata else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
    let message = transfer.envelope.message
    let length = min(size * count, message.count - transfer.offset)
    guard length > 0 else { return 0 }
    message.withUnsafeBytes { bytes in
        guard let base = bytes.baseAddress else { return }
        UnsafeMutableRawPointer(buffer).copyMemory(from: base + transfer.offset, byteCount: length)
    }
    transfer.offset += length
    return length
}

/// `CURLOPT_DEBUGFUNCTION`: records replies and, with `debug`, logs the conversation.
private func curlDebugLine(
    _ handle: UnsafeMutableRawPointer?, _ type: curl_infotype, _ data: UnsafeMutablePointer<CChar>?, _ size: Int,
    _ userdata: UnsafeMutableRawPointer?
) -> Int32 {
    guard let data, let userdata else { return 0 }
    guard type == CURLINFO_HEADER_IN || type == CURLINFO_HEADER_OUT || type == CURLINFO_TEXT else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    transfer.observe(type, String(decoding: bytes, as: UTF8.self))
    return 0
}

/// `CURLOPT_XFERINFOFUNCTION`: aborts the transfer once the task is cancelled.
private func curlProgress(
    _ userdata: UnsafeMutableRawPointer?, _ dltotal: curl_off_t, _ dlnow: curl_off_t, _ ultotal: curl_off_t,
    _ ulnow: curl_off_t
) -> Int32 {
    guard let userdata else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
    return transfer.cancelled.isCancelled ? 1 : 0
}
