import DigdagCore
import DigdagOperatorKit
import Foundation

/// `mail>: FILE | {data: TEXT}`: sends a mail over SMTP (Digdag's `MailOperatorFactory`).
///
/// The body is the template file rendered against the params, the inline `data`, or the
/// `body` param. Options (also taken from `_export: {mail: {...}}`): `subject`, `to` (a list or
/// a string), `cc`, `bcc`, `from`, `html`, `attach_files` (`{path, filename, content_type}`),
/// `debug`. The SMTP server comes from the secrets `mail.host`, `mail.port`, `mail.username`,
/// `mail.password`, `mail.tls` and `mail.ssl` (over the params of the same names, except
/// `password`), or else from the system config `config.mail.*`; never a mix of both.
/// System config `config.mail.subject` and `config.mail.from` supply defaults.
public struct MailOperator: Operator {
    /// `mail`.
    public let type = "mail"
    public var knownOptions: Set<String>? {
        [
            "body", "subject", "to", "cc", "bcc", "from", "html", "attach_files", "debug", "host", "port", "username",
            "password", "tls", "ssl", "mail", "_retry",
        ]
    }
    private let transport: any MailTransport
    private let now: @Sendable () -> Date

    /// Creates the operator, sending through libcurl.
    public init() {
        self.init(transport: CurlSMTPTransport(), now: { Date() })
    }

    init(transport: any MailTransport, now: @escaping @Sendable () -> Date) {
        self.transport = transport
        self.now = now
    }

    /// Builds the message and sends it; fails with Digdag's messages.
    public func run(_ context: OperatorContext) async throws -> TaskResult {
        let (message, settings) = try prepare(context)
        let envelope = SMTPEnvelope(
            sender: message.from.address, recipients: message.recipients,
            message: message.rendered(
                date: now(), messageID: Self.messageID(), boundary: "----=_Part_" + UUID().uuidString))
        try await transport.send(
            envelope, settings: settings, trust: TLSTrust(environment: context.environment), logger: context.logger)
        return .empty
    }

    /// Reads the options in Digdag's order and builds the message and the SMTP settings.
    func prepare(_ context: OperatorContext) throws -> (MailMessage, SMTPSettings) {
        let config = context.request.config
        var params = config
        params.mergeDefaults(config.nestedOrEmpty("mail"))
        let system = context.systemConfig
        let workspace = MailWorkspace(projectPath: context.projectPath, workspacePath: context.workspacePath)

        let body = try workspace.body(params: params, templates: context.templates, timeZone: context.request.timeZone)
        let subject = try MailParams.optionalString(params, "subject") ?? system["config.mail.subject"]
            ?? ParamReader.requiredString(params, "subject")
        let to = try MailParams.recipients(params, "to")
        let bcc = try ParamReader.stringList(params, "bcc")
        let cc = try ParamReader.stringList(params, "cc")
        let html = try MailParams.bool(params, "html", default: false)

        let settings = try SMTPSettings.resolve(
            secrets: context.secrets, params: params, systemConfig: system, logger: context.logger)

        let from = try MailParams.optionalString(params, "from") ?? system["config.mail.from"]
            ?? ParamReader.requiredString(params, "from")
        let message = MailMessage(
            from: try MailAddress(from), to: try to.map(MailAddress.init), cc: try cc.map(MailAddress.init),
            bcc: try bcc.map(MailAddress.init), subject: subject, body: body, html: html,
            attachments: try workspace.attachments(params: params))
        return (message, settings)
    }

    /// A unique `Message-ID` value (without angle brackets).
    static func messageID() -> String {
        let host = ProcessInfo.processInfo.hostName
        let domain = host.isEmpty || host.contains(where: { $0 == "<" || $0 == ">" || $0 == " " }) ? "localhost" : host
        return "\(UUID().uuidString.lowercased()).digdag@\(domain)"
    }
}
