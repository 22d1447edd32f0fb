import CCurl
import DigdagOperatorKit

/// Turns a libcurl SMTP failure into the message Digdag (JavaMail) gives for the same case.
enum SMTPFailure {
    /// The `OperatorError` for `code`. `detail` is curl's error text and `lastReply` the
    /// server's last reply line; neither ever holds the password.
    static func error(
        _ code: CURLcode, settings: SMTPSettings, detail: String, lastReply: String?
    ) -> OperatorError {
        let endpoint = "\(settings.host), \(settings.port)"
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT, CURLE_URL_MALFORMAT:
            return .failed("Couldn't connect to host, port: \(endpoint); timeout 10000 (mail connect)")
        case CURLE_OPERATION_TIMEDOUT where lastReply == nil:
            return .failed("Couldn't connect to host, port: \(endpoint); timeout 10000 (mail connect)")
        case CURLE_OPERATION_TIMEDOUT:
            return .failed("Read timed out (messaging)")
        case CURLE_LOGIN_DENIED:
            return .failed("\(lastReply ?? "Authentication failed") (authentication failed)")
        case CURLE_USE_SSL_FAILED:
            return .failed("Could not convert socket to TLS (messaging)")
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
            CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE:
            if settings.ssl {
                return .failed("Could not connect to SMTP host: \(endpoint) (messaging)")
            }
            return .failed("Could not convert socket to TLS (messaging)")
        case CURLE_ABORTED_BY_CALLBACK:
            return .failed("Sending mail was cancelled (messaging)")
        default:
            if detail.hasPrefix("RCPT failed") {
                return .failed("Invalid Addresses (send failed)")
            }
            if let lastReply, lastReply.first == "5" || lastReply.first == "4" {
                return .failed("\(lastReply) (smtp send failed)")
            }
            let text = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
            return .failed("\(text) (messaging)")
        }
    }
}
