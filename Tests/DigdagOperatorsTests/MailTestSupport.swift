import Foundation

/// One message recorded by the test SMTP server (`Tests/Fixtures/mail_smtp_sink.py`),
/// parsed there by Python's `email` package.
struct ReceivedMail: Decodable {
    struct Part: Decodable {
        var content_type: String
        var charset: String?
        var filename: String?
        var disposition: String?
        var text: String
        var base64: String
    }

    var mail_from: String
    var rcpt_to: [String]
    var data: String
    var headers: [String: String]
    var content_type: String
    var parts: [Part]
    var defects: [String]
    var tls: Bool
    var auth: String?
}

/// A self-signed certificate for 127.0.0.1 and localhost, made once per test process.
enum MailTestCertificate {
    struct Files {
        var certificate: String
        var key: String
    }

    static let files: Result<Files, any Error> = Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("digdag-mail-cert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let files = Files(certificate: directory.path + "/cert.pem", key: directory.path + "/key.pem")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", files.key, "-out", files.certificate, "-days", "2", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw MailSinkError.failed("openssl exited with \(process.terminationStatus)") }
        return files
    }
}

enum MailSinkError: Error {
    case failed(String)
}

/// The test SMTP server, listening on 127.0.0.1 until `stop()` (or 120 s at most).
final class MailSink {
    enum Mode: String {
        case plain, starttls, ssl
    }

    let port: Int
    let directory: URL
    private let process: Process

    init(mode: Mode = .plain, user: String? = nil, password: String? = nil) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("digdag-mail-sink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/mail_smtp_sink.py")
        var arguments = [script.path, "--dir", directory.path, "--mode", mode.rawValue, "--max-seconds", "120"]
        if mode != .plain {
            let files = try MailTestCertificate.files.get()
            arguments += ["--cert", files.certificate, "--key", files.key]
        }
        if let user, let password { arguments += ["--user", user, "--password", password] }
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("PORT "), let port = Int(text.dropFirst(5)) else {
            kill(process.processIdentifier, SIGKILL)
            throw MailSinkError.failed("SMTP sink did not start: \(text)")
        }
        self.port = port
    }

    /// The certificate clients must trust for `starttls` and `ssl`.
    static var certificatePath: String { (try? MailTestCertificate.files.get().certificate) ?? "" }

    /// Messages received so far, in order.
    func messages() throws -> [ReceivedMail] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        return try names.map {
            try JSONDecoder().decode(ReceivedMail.self, from: Data(contentsOf: directory.appendingPathComponent($0)))
        }
    }

    /// Stops the server and removes its files.
    func stop() {
        if process.isRunning {
            // SIGKILL: the test runner's threads may pass a blocked SIGTERM on to children.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { stop() }
}
