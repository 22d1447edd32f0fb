import Foundation

/// One attachment of a `mail>` message.
struct MailAttachment: Sendable, Equatable {
    /// The file's name as the recipient sees it.
    var filename: String
    /// The MIME type, `application/octet-stream` unless given.
    var contentType: String
    /// The file's bytes.
    var content: Data
}

/// A complete mail: what `mail>` sends, with its RFC 5322 rendering.
struct MailMessage: Sendable {
    var from: MailAddress
    var to: [MailAddress]
    var cc: [MailAddress]
    /// Envelope recipients only: never written into the headers.
    var bcc: [MailAddress]
    var subject: String
    var body: String
    var html: Bool
    var attachments: [MailAttachment]

    /// Envelope recipients: to, cc and bcc.
    var recipients: [String] { (to + cc + bcc).map(\.address) }

    /// The message text with CRLF line ends, as given to SMTP `DATA`.
    /// `date`, `messageID` and `boundary` are inputs so that rendering is deterministic.
    func rendered(date: Date, messageID: String, boundary: String) -> Data {
        var headers: [String] = [
            "Date: " + Self.dateText(date),
            "From: " + from.headerText,
            "Sender: " + from.headerText,
        ]
        if !to.isEmpty { headers.append("To: " + to.map(\.headerText).joined(separator: ",\r\n ")) }
        if !cc.isEmpty { headers.append("Cc: " + cc.map(\.headerText).joined(separator: ",\r\n ")) }
        headers.append("Message-ID: <\(messageID)>")
        headers.append("Subject: " + MIMEEncoding.headerValue(subject))
        headers.append("MIME-Version: 1.0")

        var text = headers.joined(separator: "\r\n") + "\r\n"
        if attachments.isEmpty {
            text += bodyPart()
        } else {
            text += "Content-Type: multipart/mixed; \r\n\tboundary=\"\(boundary)\"\r\n\r\n"
            text += "--\(boundary)\r\n" + bodyPart() + "\r\n"
            for attachment in attachments {
                text += "--\(boundary)\r\n" + Self.attachmentPart(attachment) + "\r\n"
            }
            text += "--\(boundary)--\r\n"
        }
        return Data(text.utf8)
    }

    /// The text part: headers, blank line, encoded body.
    private func bodyPart() -> String {
        let type = "Content-Type: text/\(html ? "html" : "plain"); charset=utf-8\r\n"
        if MIMEEncoding.isSevenBit(body) {
            var content = MIMEEncoding.crlfLines(body)
            if !content.hasSuffix("\r\n") { content += "\r\n" }
            return type + "Content-Transfer-Encoding: 7bit\r\n\r\n" + content
        }
        let encoded = MIMEEncoding.base64Lines(Data(body.utf8))
        return type + "Content-Transfer-Encoding: base64\r\n\r\n" + encoded + "\r\n"
    }

    private static func attachmentPart(_ attachment: MailAttachment) -> String {
        "Content-Type: \(attachment.contentType)\r\n"
            + "Content-Transfer-Encoding: base64\r\n"
            + "Content-Disposition: attachment; \r\n\t" + MIMEEncoding.filenameParameter(attachment.filename) + "\r\n"
            + "\r\n" + MIMEEncoding.base64Lines(attachment.content) + "\r\n"
    }

    /// RFC 5322 date, e.g. `Mon, 1 Jan 2024 09:00:00 +0900`, in the machine's time zone.
    static func dateText(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone.current
        formatter.dateFormat = "EEE, d MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }
}
