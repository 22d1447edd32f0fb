import ArgumentParser

/// Options of Digdag's client commands (`cli:client/ClientCommand.java`).
public struct ClientOptions: ParsableArguments, Sendable {
    /// `-e, --endpoint URL`: the server endpoint (default from `client.http.endpoint` or
    /// `http://127.0.0.1:65432`).
    @Option(name: [.customShort("e"), .customLong("endpoint")], parsing: .unconditional)
    public var endpoint: String?

    /// Raw `-H, --header KEY=VALUE` values.
    @Option(name: [.customShort("H"), .customLong("header")], parsing: .unconditionalSingleValue)
    public var headerArguments: [String] = []

    /// `--basic-auth user:pass`.
    @Option(name: .customLong("basic-auth"), parsing: .unconditional)
    public var basicAuth: String?

    /// `--disable-version-check`.
    @Flag(name: .customLong("disable-version-check"))
    public var disableVersionCheck = false

    /// `--disable-cert-validation`.
    @Flag(name: .customLong("disable-cert-validation"))
    public var disableCertValidation = false

    /// Required by ArgumentParser; build values with `parse(_:)` (e.g. `parse(["x.dig"])`),
    /// since property wrappers of a bare `init()` value cannot be read.
    public init() {}

    /// Option spellings whose values must look like `a=b`.
    public static let keyValueOptionNames: Set<String> = ["-H", "--header"]

    /// Extra HTTP headers, later keys winning.
    public var headers: [String: String] { KeyValueArguments.dictionary(headerArguments) }
}
