import Foundation
import Testing

/// The test SMTP server (`Tests/Fixtures/mail_smtp_sink.py`) in plain mode with AUTH.
final class MailEndToEndSink {
    let port: Int
    let directory: TemporaryDirectory
    private let process = Process()

    init(user: String, password: String) throws {
        directory = try TemporaryDirectory()
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/mail_smtp_sink.py")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", script.path, "--dir", directory.url.path, "--user", user, "--password", password,
            "--max-seconds", "120",
        ]
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
        port = text.hasPrefix("PORT ") ? Int(text.dropFirst(5)) ?? 0 : 0
    }

    /// Received messages as JSON objects, in order.
    func messages() throws -> [[String: Any]] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.url.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        return try names.map {
            try JSONSerialization.jsonObject(with: Data(contentsOf: directory.file($0))) as? [String: Any] ?? [:]
        }
    }

    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit { stop() }
}

@Suite("digdag run: mail>", .timeLimit(.minutes(1)))
struct MailEndToEndTests {
    let workflow = """
        timezone: UTC
        +send:
          mail>: body.txt
          subject: Report ${session_date}
          to: [ops@example.com]
          bcc: hidden@example.com
          from: Digdag <digdag@example.com>
          attach_files:
            - path: data/report.csv
              content_type: text/csv
          name: World
        """

    @Test func sendsWithSecretsFromTheLocalStore() throws {
        let sink = try MailEndToEndSink(user: "mailer", password: "pa ss")
        defer { sink.stop() }
        try #require(sink.port > 0)
        let project = try RunProject([
            "mail.dig": workflow, "body.txt": "Hello ${name}\n", "data/report.csv": "a,b\n1,2\n",
        ])
        let secrets = try project.run([
            "secrets", "--local", "--set", "mail.host=127.0.0.1", "mail.port=\(sink.port)", "mail.username=mailer",
            "mail.password=pa ss", "mail.tls=false",
        ])
        #expect(secrets.status == 0)

        let result = try project.run(["run", "mail.dig", "--session", "2024-01-02"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(!(result.stdout + result.stderr).contains("pa ss"))
        let mails = try sink.messages()
        try #require(mails.count == 1)
        let mail = mails[0]
        #expect(mail["auth"] as? String == "mailer PLAIN" || mail["auth"] as? String == "mailer LOGIN")
        #expect(mail["rcpt_to"] as? [String] == ["ops@example.com", "hidden@example.com"])
        let headers = mail["headers"] as? [String: String] ?? [:]
        #expect(headers["Subject"] == "Report 2024-01-02")
        #expect(headers["From"] == "Digdag <digdag@example.com>")
        let parts = mail["parts"] as? [[String: Any]] ?? []
        try #require(parts.count == 2)
        #expect(parts[0]["text"] as? String == "Hello World\r\n")
        #expect(parts[1]["filename"] as? String == "report.csv")
        #expect(parts[1]["text"] as? String == "a,b\n1,2\n")
    }

    @Test func failsWithoutSMTPConfiguration() throws {
        let project = try RunProject(["mail.dig": workflow, "body.txt": "Hello\n", "data/report.csv": "x"])
        let result = try project.run(["run", "mail.dig", "--session", "2024-01-02"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("Task +mail+send failed.\nMissing SMTP configuration"))
    }

    @Test func warnsAboutThePasswordParam() throws {
        let sink = try MailEndToEndSink(user: "mailer", password: "right")
        defer { sink.stop() }
        let project = try RunProject([
            "mail.dig": workflow + "\n  host: 127.0.0.1\n  port: \(sink.port)\n  tls: false\n  username: mailer\n  password: right\n",
            "body.txt": "Hello\n", "data/report.csv": "x",
        ])
        let result = try project.run(["run", "mail.dig", "--session", "2024-01-02"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("Unsecure 'password' parameter is deprecated."))
        #expect(result.stdout.contains("(authentication failed)"))
        #expect(try sink.messages().isEmpty)
    }
}
