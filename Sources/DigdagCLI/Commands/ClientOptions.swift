import ArgumentParser

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

    /// Extra HTTP headers, later keys winning.
    var headers: [String: String] { KeyValueArguments.dictionary(headerArguments) }
}
