import DigdagCore
import DigdagOperatorKit
import DigdagOperators
import Foundation
import Testing

/// Replaces `${name}` with the param's text; `${missing}` fails like Digdag's evaluator.
struct MailTestRenderer: TemplateRenderer {
    func render(_ text: String, params: Config, timeZone: String) throws -> String {
        var result = text
        while let match = result.firstMatch(of: /\$\{([a-z_]+)\}/) {
            let name = String(match.1)
            guard let value = params[name] else {
                throw ConfigError("Failed to evaluate a variable \(text) (ReferenceError: \"\(name)\" is not defined)")
            }
            result.replaceSubrange(match.range, with: value.textValue)
        }
        return result
    }
}

@Suite("mail> over a real SMTP server", .serialized, .timeLimit(.minutes(1)))
struct MailOperatorTests {
    let op = MailOperator()

    func context(
        _ project: TestProject, command: ConfigValue?, params: Config, secrets: [String: String] = [:],
        system: [String: String] = [:]
    ) -> OperatorContext {
        var context = project.context(
            type: "mail", command: command, params: params, secrets: secrets,
            environment: ["SSL_CERT_FILE": MailSink.certificatePath])
        context.templates = MailTestRenderer()
        context.systemConfig = system
        return context
    }

    @Test func plainTextToCcBcc() async throws {
        let sink = try MailSink()
        defer { sink.stop() }
        let project = try TestProject()
        defer { project.remove() }
        let params: Config = [
            "subject": "Hello", "from": "Digdag <digdag@example.com>", "to": ["a@example.com", "b@example.com"],
            "cc": ["c@example.com"], "bcc": ["d@example.com"], "host": "127.0.0.1", "port": .int(Int64(sink.port)),
            "tls": false,
        ]
        let result = try await op.run(context(project, command: ["data": "line one\nline two\n"], params: params))
        #expect(result == .empty)
        let mails = try sink.messages()
        try #require(mails.count == 1)
        let mail = mails[0]
        #expect(mail.mail_from == "digdag@example.com")
        #expect(mail.rcpt_to == ["a@example.com", "b@example.com", "c@example.com", "d@example.com"])
        #expect(mail.headers["Subject"] == "Hello")
        #expect(mail.headers["From"] == "Digdag <digdag@example.com>")
        #expect(mail.headers["To"] == "a@example.com, b@example.com")
        #expect(mail.headers["Cc"] == "c@example.com")
        #expect(mail.headers["Bcc"] == nil)
        #expect(!mail.data.contains("d@example.com"))
        #expect(mail.content_type == "text/plain")
        #expect(mail.parts.first?.charset == "utf-8")
        #expect(mail.parts.first?.text == "line one\r\nline two\r\n")
        #expect(mail.defects.isEmpty)
        #expect(mail.tls == false)
    }

    @Test func htmlBodyFromTemplateFileWithUnicodeSubject() async throws {
        let sink = try MailSink()
        defer { sink.stop() }
        let project = try TestProject()
        defer { project.remove() }
        try project.write("mails/body.html", "<p>Hi ${name} — 日本語</p>\n")
        let params: Config = [
            "subject": "Résumé 日本語", "from": "digdag@example.com", "to": "a@example.com", "html": true,
            "name": "Alice", "mail": ["host": "127.0.0.1", "port": .int(Int64(sink.port)), "tls": false],
        ]
        _ = try await op.run(context(project, command: "mails/body.html", params: params))
        let mail = try #require(try sink.messages().first)
        #expect(mail.rcpt_to == ["a@example.com"])
        #expect(mail.headers["Subject"] == "Résumé 日本語")
        #expect(mail.content_type == "text/html")
        #expect(mail.parts.first?.text == "<p>Hi Alice — 日本語</p>\n")
    }

    @Test func bodyParamAndAttachments() async throws {
        let sink = try MailSink()
        defer { sink.stop() }
        let project = try TestProject()
        defer { project.remove() }
        let binary = Data((0..<300).map { UInt8($0 % 256) })
        try binary.write(to: project.path.appendingPathComponent("data.bin"))
        try project.write("reports/report.csv", "a,b\n1,2\n")
        let params: Config = [
            "subject": "Files", "from": "digdag@example.com", "to": "a@example.com", "body": "see attached",
            "host": "127.0.0.1", "port": .int(Int64(sink.port)), "tls": false,
            "attach_files": [
                ["path": "data.bin"],
                ["path": "reports/report.csv", "filename": "レポート.csv", "content_type": "text/csv"],
            ],
        ]
        _ = try await op.run(context(project, command: nil, params: params))
        let mail = try #require(try sink.messages().first)
        #expect(mail.content_type == "multipart/mixed")
        #expect(mail.defects.isEmpty)
        try #require(mail.parts.count == 3)
        #expect(mail.parts[0].content_type == "text/plain")
        #expect(mail.parts[0].text == "see attached\r\n")
        #expect(mail.parts[1].filename == "data.bin")
        #expect(mail.parts[1].content_type == "application/octet-stream")
        #expect(mail.parts[1].disposition == "attachment")
        #expect(Data(base64Encoded: mail.parts[1].base64) == binary)
        #expect(mail.parts[2].filename == "レポート.csv")
        #expect(mail.parts[2].content_type == "text/csv")
        #expect(mail.parts[2].text == "a,b\n1,2\n")
    }

    @Test func startTLSWithAuthFromSecrets() async throws {
        let sink = try MailSink(mode: .starttls, user: "mailer", password: "s3cret pw")
        defer { sink.stop() }
        let project = try TestProject()
        defer { project.remove() }
        let secrets = [
            "mail.host": "127.0.0.1", "mail.port": String(sink.port), "mail.username": "mailer",
            "mail.password": "s3cret pw",
        ]
        let params: Config = [
            "subject": "TLS", "from": "digdag@example.com", "to": "a@example.com", "host": "192.0.2.1", "port": 1,
            "password": "ignored", "debug": true,
        ]
        _ = try await op.run(context(project, command: ["data": "secure"], params: params, secrets: secrets))
        let mail = try #require(try sink.messages().first)
        #expect(mail.tls)
        #expect(mail.auth?.hasPrefix("mailer ") == true)
        let log = project.logger.messages
        #expect(log.contains("Unsecure 'password' parameter is deprecated."))
        #expect(log.contains("SMTP > STARTTLS"))
        let base64Password = Data("s3cret pw".utf8).base64EncodedString()
        #expect(!log.contains { $0.contains("s3cret") || $0.contains(base64Password) || $0.contains("AHMzY3JldCBwdw") })
        #expect(log.contains { $0.hasPrefix("SMTP > AUTH ") })
    }

    @Test func implicitSSLWithAuthFromParamsAndSecretPassword() async throws {
        let sink = try MailSink(mode: .ssl, user: "mailer", password: "pw")
        defer { sink.stop() }
        let project = try TestProject()
        defer { project.remove() }
        let params: Config = [
            "subject": "SSL", "from": "digdag@example.com", "to": "a@example.com", "host": "127.0.0.1",
            "port": .int(Int64(sink.port)), "ssl": true, "username": "mailer",
        ]
        _ = try await op.run(context(project, command: ["data": "x"], params: params, secrets: ["mail.password": "pw"]))
        let mail = try #require(try sink.messages().first)
        #expect(mail.tls)
        #expect(mail.auth?.hasPrefix("mailer ") == true)
        #expect(project.logger.messages.isEmpty)
    }

    @Test func systemConfigServerAndDefaults() async throws {
        let sink = try MailSink()
        defer { sink.stop() }
        let project = try TestProject()
        defer { project.remove() }
        let system = [
            "config.mail.host": "127.0.0.1", "config.mail.port": String(sink.port), "config.mail.tls": "false",
            "config.mail.from": "system@example.com", "config.mail.subject": "Default subject",
        ]
        _ = try await op.run(context(project, command: ["data": "x"], params: ["to": "a@example.com"], system: system))
        let mail = try #require(try sink.messages().first)
        #expect(mail.mail_from == "system@example.com")
        #expect(mail.headers["Subject"] == "Default subject")
    }

    @Test func wrongPasswordFails() async throws {
        let sink = try MailSink(mode: .starttls, user: "mailer", password: "right")
        defer { sink.stop() }
        let project = try TestProject()
        defer { project.remove() }
        let secrets = ["mail.host": "127.0.0.1", "mail.port": String(sink.port), "mail.username": "mailer",
                       "mail.password": "wrong-password"]
        let params: Config = ["subject": "s", "from": "digdag@example.com", "to": "a@example.com"]
        do {
            _ = try await op.run(context(project, command: ["data": "x"], params: params, secrets: secrets))
            Issue.record("expected a failure")
        } catch let error as OperatorError {
            #expect(error == .failed("535 5.7.8 Authentication credentials invalid (authentication failed)"))
            #expect(!error.errorMessage.contains("wrong-password"))
        }
        #expect(try sink.messages().isEmpty)
    }

    @Test func untrustedCertificateFails() async throws {
        let sink = try MailSink(mode: .starttls)
        defer { sink.stop() }
        let project = try TestProject()
        defer { project.remove() }
        var context = context(
            project, command: ["data": "x"],
            params: ["subject": "s", "from": "f@example.com", "to": "a@example.com", "host": "127.0.0.1",
                     "port": .int(Int64(sink.port))])
        context.environment = [:]
        await #expect(throws: OperatorError.failed("Could not convert socket to TLS (messaging)")) {
            try await op.run(context)
        }
    }

    @Test func connectionRefused() async throws {
        let project = try TestProject()
        defer { project.remove() }
        let params: Config = ["subject": "s", "from": "f@example.com", "to": "a@example.com", "host": "127.0.0.1", "port": 1]
        await #expect(
            throws: OperatorError.failed("Couldn't connect to host, port: 127.0.0.1, 1; timeout 10000 (mail connect)")
        ) {
            try await op.run(context(project, command: ["data": "x"], params: params))
        }
    }
}
