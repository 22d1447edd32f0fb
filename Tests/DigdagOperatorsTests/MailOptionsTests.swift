import DigdagCore
import DigdagOperatorKit
import Foundation
import Testing

@testable import DigdagOperators

/// `mail>` option handling and message rendering, without a server.
@Suite struct MailOptionsTests {
    let op = MailOperator()
    let base: Config = ["subject": "s", "from": "f@example.com", "to": "t@example.com", "host": "h", "port": 25]

    func prepare(
        command: ConfigValue? = ["data": "x"], params: Config, secrets: [String: String] = [:],
        system: [String: String] = [:], project: TestProject
    ) throws -> (MailMessage, SMTPSettings) {
        var context = project.context(type: "mail", command: command, params: params, secrets: secrets)
        context.templates = MailTestRenderer()
        context.systemConfig = system
        return try op.prepare(context)
    }

    func removing(_ key: String) -> Config {
        var config = base
        config.removeValue(forKey: key)
        return config
    }

    @Test(arguments: [
        ("subject", "Parameter 'subject' is required but not set"),
        ("from", "Parameter 'from' is required but not set"),
        ("to", "Parameter 'to' is required but not set"),
        ("port", "Parameter 'port' is required but not set"),
    ])
    func missingRequiredOption(key: String, message: String) throws {
        let project = try TestProject()
        defer { project.remove() }
        #expect(throws: ConfigError(message)) { try prepare(params: removing(key), project: project) }
    }

    @Test func missingSMTPConfiguration() throws {
        let project = try TestProject()
        defer { project.remove() }
        #expect(throws: OperatorError.failed("Missing SMTP configuration")) {
            try prepare(params: removing("host"), project: project)
        }
    }

    @Test func missingBody() throws {
        let project = try TestProject()
        defer { project.remove() }
        #expect(throws: ConfigError("Parameter 'body' is required but not set")) {
            try prepare(command: nil, params: base, project: project)
        }
        #expect(throws: ConfigError("Parameter 'data' is required but not set")) {
            try prepare(command: ["other": 1], params: base, project: project)
        }
    }

    @Test func templateFileErrors() throws {
        let project = try TestProject()
        defer { project.remove() }
        try project.write("body.txt", "Hello ${nobody}")
        #expect(throws: ConfigError(
            "Failed to evaluate a variable Hello ${nobody} (ReferenceError: \"nobody\" is not defined) in body.txt"
        )) {
            try prepare(command: "body.txt", params: base, project: project)
        }
        #expect(throws: ConfigError("File not found: \(project.path.path)/missing.txt")) {
            try prepare(command: "missing.txt", params: base, project: project)
        }
        let outside = "File name must not be outside of project path (\(project.path.standardizedFileURL.path)): ../x.txt"
        #expect(throws: ConfigError("\(outside): ../x.txt")) {
            try prepare(command: "../x.txt", params: base, project: project)
        }
    }

    @Test func subjectAndFromDefaultsFromSystemConfig() throws {
        let project = try TestProject()
        defer { project.remove() }
        let system = ["config.mail.subject": "sys subject", "config.mail.from": "sys@example.com"]
        var params = removing("subject")
        params.removeValue(forKey: "from")
        let (message, _) = try prepare(params: params, system: system, project: project)
        #expect(message.subject == "sys subject")
        #expect(message.from.address == "sys@example.com")
        var explicit = base
        explicit["subject"] = "mine"
        #expect(try prepare(params: explicit, system: system, project: project).0.subject == "mine")
    }

    @Test func secretsOverrideParamsAndPasswordParamIsIgnored() throws {
        let project = try TestProject()
        defer { project.remove() }
        var params = base
        params["password"] = "param-password"
        params["username"] = "param-user"
        params["tls"] = false
        let secrets = ["mail.host": "secret-host", "mail.port": "2525", "mail.tls": "TRUE", "mail.ssl": "yes"]
        let (_, settings) = try prepare(params: params, secrets: secrets, project: project)
        #expect(settings == SMTPSettings(
            host: "secret-host", port: 2525, startTLS: true, ssl: false, debug: false, username: "param-user",
            password: nil))
        #expect(project.logger.messages == ["Unsecure 'password' parameter is deprecated."])
        #expect(!settings.description.contains("password"))
    }

    @Test func userAndSystemSettingsAreNeverMixed() throws {
        let project = try TestProject()
        defer { project.remove() }
        let system = [
            "config.mail.host": "sys-host", "config.mail.port": "587", "config.mail.username": "sys-user",
            "config.mail.password": "sys-pass", "config.mail.ssl": "true",
        ]
        let (_, user) = try prepare(params: base, system: system, project: project)
        #expect(user == SMTPSettings(host: "h", port: 25, startTLS: true, ssl: false, debug: false, username: nil, password: nil))
        let (_, fallback) = try prepare(params: removing("host"), system: system, project: project)
        #expect(fallback == SMTPSettings(
            host: "sys-host", port: 587, startTLS: true, ssl: true, debug: false, username: "sys-user",
            password: "sys-pass"))
    }

    @Test func mailDefaultsComeFromTheMailParamsObject() throws {
        let project = try TestProject()
        defer { project.remove() }
        let params: Config = ["to": ["x@example.com"], "mail": .object(base)]
        let (message, settings) = try prepare(params: params, project: project)
        #expect(message.to.map(\.address) == ["x@example.com"])
        #expect(message.subject == "s")
        #expect(settings.host == "h")
    }

    @Test(arguments: ["a b@example.com", "", "<a@example.com", "x@y@z", "a@example.com\r\nBcc: evil@example.com"])
    func invalidAddresses(text: String) throws {
        let project = try TestProject()
        defer { project.remove() }
        var params = base
        params["to"] = .string(text)
        #expect(throws: ConfigError("Invalid address")) { try prepare(params: params, project: project) }
    }

    @Test func addressForms() throws {
        let named = try MailAddress("Name <n@example.com>")
        #expect(named.name == "Name" && named.address == "n@example.com")
        #expect(try MailAddress("\"Last, First\" <n@example.com>").headerText == "\"Last, First\" <n@example.com>")
        #expect(try MailAddress("日本 <n@example.com>").headerText == "=?utf-8?B?5pel5pys?= <n@example.com>")
        #expect(try MailAddress(" plain@example.com ").address == "plain@example.com")
    }

    @Test func attachmentErrors() throws {
        let project = try TestProject()
        defer { project.remove() }
        var params = base
        params["attach_files"] = [["path": "nothing.bin"]]
        #expect(throws: OperatorError.failed("IOException while sending message (messaging)")) {
            try prepare(params: params, project: project)
        }
        params["attach_files"] = [["filename": "x"]]
        #expect(throws: ConfigError("Parameter 'path' is required but not set")) {
            try prepare(params: params, project: project)
        }
    }

    @Test func renderedMessageShape() throws {
        let message = MailMessage(
            from: try MailAddress("f@example.com"), to: [try MailAddress("t@example.com")], cc: [],
            bcc: [try MailAddress("b@example.com")], subject: "Subject\r\nX-Injected: 1", body: "a\nb", html: false,
            attachments: [])
        let text = String(decoding: message.rendered(date: Date(timeIntervalSince1970: 0), messageID: "id@host", boundary: "B"), as: UTF8.self)
        #expect(!text.contains("X-Injected: 1\r\n"))
        #expect(!text.contains("b@example.com"))
        #expect(text.contains("Message-ID: <id@host>\r\n"))
        #expect(text.contains("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\na\r\nb\r\n"))
    }

    @Test func traceRedaction() {
        var redactor = SMTPTraceRedactor()
        #expect(redactor.command("EHLO host") == "EHLO host")
        #expect(redactor.command("AUTH PLAIN AHVzZXIAcGFzcw==") == "AUTH PLAIN ****")
        redactor.reply("235 ok")
        #expect(redactor.command("AUTH LOGIN") == "AUTH LOGIN")
        redactor.reply("334 VXNlcm5hbWU6")
        #expect(redactor.command("dXNlcg==") == "****")
        redactor.reply("334 UGFzc3dvcmQ6")
        #expect(redactor.command("cGFzcw==") == "****")
        redactor.reply("235 ok")
        #expect(redactor.command("MAIL FROM:<a@b>") == "MAIL FROM:<a@b>")
    }
}
