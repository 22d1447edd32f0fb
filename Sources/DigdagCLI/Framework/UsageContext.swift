/// Values that usage texts mention: the program name and the default config path.
struct UsageContext: Sendable {
    /// The program name, `digdag`.
    let programName: String
    /// The environment, used to show the default config file path.
    let environment: [String: String]

    /// Creates a usage context.
    init(programName: String = "digdag", environment: [String: String]) {
        self.programName = programName
        self.environment = environment
    }

    /// Creates a usage context from a command context.
    init(_ context: CommandContext) {
        self.init(programName: context.programName, environment: context.environment)
    }

    /// The common-options block shared by every usage text (`Main.showCommonOptions`).
    var commonOptions: String {
        """
            -L, --log PATH                   output log messages to a file (default: -)
            -l, --log-level LEVEL            log level (error, warn, info, debug or trace)
            -X KEY=VALUE                     add a performance system config
            --logback-config PATH            path to logback configuration file (for developers only)
            -c, --config PATH.properties     Configuration file (default: \(ConfigPaths(environment: environment).defaultConfigFile))
            --version                        show client version


        """
    }

    /// The client-options block of the main usage text.
    var clientOptions: String {
        """
            -e, --endpoint URL               Server endpoint (default: http://127.0.0.1:65432)
            -H, --header  KEY=VALUE          Additional headers
            --disable-version-check          Disable server version check
            --disable-cert-validation        Disable certificate verification
            --basic-auth <user:pass>         Add an Authorization header with the provided username and password


        """
    }

    /// The options block of client commands (`ClientCommand.showCommonOptions`).
    var clientCommandOptions: String {
        "    -e, --endpoint HOST[:PORT]       HTTP endpoint (default: http://127.0.0.1:65432)\n" + commonOptions
    }
}
