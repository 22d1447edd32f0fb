import DigdagCore
import DigdagHTTP
import DigdagOperatorKit
import Foundation


/// One fully resolved request of `http>` / `http_call>`: URL with query, headers (secrets
/// substituted), body, and the URI text that may appear in logs and errors.
struct HttpRequestSpec: Sendable {
    /// The method, upper case.
    var method: String
    /// The URL including the `query` parameters.
    var url: URL
    /// Headers in order; names may repeat.
    var headers: [(name: String, value: String)]
    /// The body, if any.
    var body: HttpBody?
    /// The URI as it may be logged: no user info, and `scheme://***` when the URI came from a
    /// secret; the query is masked when it holds secrets.
    var safeURI: String

    /// Resolves the request of `context`'s task. `useSecretURI` reads the `http.uri` secret first
    /// (`http>` does, `http_call>` does not).
    init(_ context: OperatorContext, options: HttpOptions, useSecretURI: Bool) throws {
        let secrets = context.secrets
        let params = options.params
        var rawURI: String
        var uriIsSecret: Bool
        if useSecretURI, let secretURI = try secrets.secret("http.uri") {
            rawURI = secretURI
            uriIsSecret = true
        } else {
            let template = try SecretTemplate(try ParamReader.requiredString(params, "_command"))
            uriIsSecret = template.containsSecrets
            rawURI = try template.format(secrets)
        }
        guard var components = URLComponents(string: rawURI), components.scheme != nil else {
            throw OperatorError.runtime(uriIsSecret ? "Invalid URI" : "Invalid URI: \(rawURI)")
        }
        let (query, queryIsSecret) = try HttpRequestSpec.queryParameters(params, secrets: secrets)
        if !query.isEmpty {
            let added = FormEncoding.encode(query)
            if let existing = components.percentEncodedQuery, !existing.isEmpty {
                components.percentEncodedQuery = existing + "&" + added
            } else {
                components.percentEncodedQuery = added
            }
        }
        guard let url = components.url else {
            throw OperatorError.runtime(uriIsSecret ? "Invalid URI" : "Invalid URI: \(rawURI)")
        }
        self.method = options.method
        self.url = url
        self.body = try HttpBody.make(params, secrets: secrets)
        self.headers = try HttpRequestSpec.headers(params, secrets: secrets)
        if let authorization = try secrets.secret("http.authorization") {
            headers.insert((name: "Authorization", value: authorization), at: 0)
        } else if let user = try secrets.secret("http.user") {
            let password = try secrets.secret("http.password") ?? ""
            let token = Data("\(user):\(password)".utf8).base64EncodedString()
            headers.insert((name: "Authorization", value: "Basic \(token)"), at: 0)
        }
        self.safeURI = HttpRequestSpec.safeText(components, uriIsSecret: uriIsSecret, maskQuery: queryIsSecret)
    }

    /// `scheme://host:port/path?query#fragment` without user info (Digdag's `safeUri`).
    static func safeText(_ components: URLComponents, uriIsSecret: Bool, maskQuery: Bool) -> String {
        if uriIsSecret { return "\(components.scheme ?? "")://***" }
        var safe = components
        safe.user = nil
        safe.password = nil
        if maskQuery, safe.percentEncodedQuery != nil { safe.percentEncodedQuery = "***" }
        return safe.string ?? ""
    }

    /// `query:` as a map (values as text) or as a query string, with secrets substituted.
    /// Also says whether any secret was used.
    static func queryParameters(_ params: Config, secrets: any SecretProvider) throws -> ([(String, String)], Bool) {
        switch params["query"] {
        case nil, .null?:
            return ([], false)
        case .object(let object)?:
            var usedSecret = false
            let pairs = try object.map { key, value in
                let name = try SecretTemplate(key)
                let text = try SecretTemplate(try ParamReader.string(value, key: key))
                usedSecret = usedSecret || name.containsSecrets || text.containsSecrets
                return (try name.format(secrets), try text.format(secrets))
            }
            return (pairs, usedSecret)
        case let value?:
            let template = try SecretTemplate(try ParamReader.string(value, key: "query"))
            return (FormEncoding.decode(try template.format(secrets)), template.containsSecrets)
        }
    }

    /// `headers:` — a list of one-key maps — with secrets substituted in names and values.
    static func headers(_ params: Config, secrets: any SecretProvider) throws -> [(name: String, value: String)] {
        let entries: [ConfigValue]
        switch params["headers"] {
        case nil, .null?: entries = []
        case .array(let items)?: entries = items
        case let other?:
            throw ConfigError(
                "Expected array type for key 'headers' but got \(ParamReader.sample(other)) (\(other.kindName))")
        }
        return try entries.map { entry in
            guard case .object(let object) = entry, object.count == 1, let (key, value) = object.elements.first else {
                throw ConfigError("Invalid header: \(JSONText.compact(entry))")
            }
            return (
                name: try SecretTemplate.format(key, secrets: secrets),
                value: try SecretTemplate.format(value.textValue, secrets: secrets)
            )
        }
    }

    /// The request to send: User-Agent, Content-Type of the body, then the task's headers (a
    /// header given here replaces a default of the same name; a repeated name adds another line).
    func curlRequest(options: HttpOptions) -> CurlHttpRequest {
        var fields: [(name: String, value: String)] = [("User-Agent", options.userAgent)]
        if let body { fields.append(("Content-Type", body.contentType)) }
        var given: Set<String> = []
        for header in headers {
            let lower = header.name.lowercased()
            if given.insert(lower).inserted {
                fields.removeAll { $0.name.lowercased() == lower }
            }
            fields.append((header.name, header.value))
        }
        return CurlHttpRequest(url: url.absoluteString, method: method, headers: fields, body: body?.data)
    }
}
