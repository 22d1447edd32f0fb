import ArgumentParser
import DigdagClient
import DigdagHTTP
import Foundation

/// Options of Digdag's client commands (`cli:client/ClientCommand.java`).
struct ClientOptions: ParsableArguments, Sendable {
    /// `-e, --endpoint URL`: the server endpoint (default from `client.http.endpoint` or
    /// `http://127.0.0.1:65432`).
    @Option(name: [.customShort("e"), .customLong("endpoint")], parsing: .unconditional)
    var endpoint: String?

    /// Raw `-H, --header KEY=VALUE` values.
    @Option(name: [.customShort("H"), .customLong("header")], parsing: .unconditionalSingleValue)
    var headerArguments: [String] = []

    /// `--basic-auth user:pass`.
    @Option(name: .customLong("basic-auth"), parsing: .unconditional)
    var basicAuth: String?

    /// `--disable-version-check`.
    @Flag(name: .customLong("disable-version-check"))
    var disableVersionCheck = false

    /// `--disable-cert-validation`.
    @Flag(name: .customLong("disable-cert-validation"))
    var disableCertValidation = false

    /// Required by ArgumentParser; build values with `parse(_:)` (e.g. `parse(["x.dig"])`),
    /// since property wrappers of a bare `init()` value cannot be read.
    init() {}

    /// Option spellings whose values must look like `a=b`.
    static let keyValueOptionNames: Set<String> = ["-H", "--header"]

    /// Rejects a `--basic-auth` value that is not `user:pass` (JCommander validator message).
    func validate() throws {
        if let basicAuth, basicAuth.wholeMatch(of: /.+:.+/.dotMatchesNewlines(false)) == nil {
            throw ValidationError("Expected format: username:password")
        }
    }

    /// The client configuration: endpoint from the option or `client.http.endpoint`, headers
    /// from `client.http.headers.*` then `-H` then `--basic-auth`, the proxy from the environment.
    /// Beyond Digdag, an API token from `client.http.token` or `DIGDAG_API_TOKEN` is sent as
    /// `Authorization: Bearer` unless another Authorization header is given.
    func configuration(system: SystemConfig, environment: [String: String]) throws -> DigdagClientConfiguration {
        let text = endpoint ?? system.string("client.http.endpoint", default: DigdagEndpoint.defaultEndpoint)
        let parsed = try DigdagEndpoint(parsing: text)
        var headers: [(name: String, value: String)] = system.entries(withPrefix: "client.http.headers.")
            .map { ($0.key, $0.value) }
        for pair in KeyValueArguments.pairs(headerArguments) {
            headers.removeAll { $0.name == pair.key }
            headers.append((pair.key, pair.value))
        }
        if let basicAuth {
            headers.removeAll { $0.name == "Authorization" }
            headers.append(("Authorization", "Basic " + Data(basicAuth.utf8).base64EncodedString()))
        }
        if let token = environment["DIGDAG_API_TOKEN"] ?? system["client.http.token"], !token.isEmpty,
            !headers.contains(where: { $0.name.lowercased() == "authorization" })
        {
            headers.append(("Authorization", "Bearer " + token))
        }
        return DigdagClientConfiguration(
            endpoint: parsed, headers: headers, insecure: disableCertValidation,
            disableDirectDownload: system.bool("client.http.disable_direct_download", default: false),
            proxy: ClientProxy.fromEnvironment(environment, tls: parsed.tls))
    }
}
