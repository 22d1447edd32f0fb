import DigdagAPI
import DigdagClient

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a client does with the server's version check answer (`ClientCommand.buildClient`):
/// an API-incompatible client stops; an obsolete one stops when stdout is a terminal and only
/// warns otherwise (`-X io.digdag.cli.versionCheckMode=batch|interactive` decides instead).
struct VersionCheckPolicy {
    /// The program name used in the `selfupdate` hint.
    let programName: String
    /// `-X` properties.
    let systemProperties: [(key: String, value: String)]

    /// Throws Digdag's exit for an incompatible or (interactively) obsolete client.
    func apply(_ result: RestVersionCheckResult) throws {
        let client = DigdagClientConfiguration.clientVersion
        let server = result.serverVersion
        if !result.apiCompatible {
            throw CLIError(
                "This client version is not API compatible to the server (client: \(client), server: \(server)).\n"
                    + "Please run following command locally to upgrade to a compatible version with the server:\n\n"
                    + "    \(programName) selfupdate \(server)\n")
        }
        guard result.upgradeRecommended else { return }
        if try isBatchMode() {
            // Digdag passes printf-style text to its logger, so the placeholders stay as they are.
            ClientLog.warn(
                "This client version is obsoleted. This client is subject to be incompatible and stop working in near future (client: %s, server: %s).")
            ClientLog.warn("Please run following command locally to upgrade to the latest version compatible to the server:")
            ClientLog.warn("    \(server) selfupdate %s")
            return
        }
        throw CLIError(
            "This client version is obsoleted. It is recommended to upgrade (client: \(client), server: \(server)).\n"
                + "Please run following command locally to upgrade to the latest version compatible to the server:\n\n"
                + "    \(programName) selfupdate \(server)\n")
    }

    private func isBatchMode() throws -> Bool {
        let mode = systemProperties.last { $0.key == "io.digdag.cli.versionCheckMode" }?.value ?? ""
        switch mode {
        case "": return isatty(STDIN_FILENO) != 1 || isatty(STDOUT_FILENO) != 1
        case "batch": return true
        case "interactive": return false
        default:
            throw CLIError("io.digdag.cli.versionCheckMode must be batch or interactive (illegal argument)")
        }
    }
}
