#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Per-user Digdag locations (`cli:ConfigUtil.java`).
///
/// `$DIGDAG_CONFIG_HOME` wins; otherwise `$XDG_CONFIG_HOME/digdag`; otherwise `~/.config/digdag`.
struct ConfigPaths: Sendable {
    /// The process environment the paths are derived from.
    let environment: [String: String]

    /// Creates the paths for an environment.
    init(environment: [String: String]) {
        self.environment = environment
    }

    /// The Digdag configuration home directory.
    var digdagConfigHome: String {
        if let home = environment["DIGDAG_CONFIG_HOME"] {
            return home
        }
        return join(configHome, "digdag")
    }

    /// The default system config file, `<config home>/config`.
    var defaultConfigFile: String { join(digdagConfigHome, "config") }

    /// The local secrets directory, `<config home>/secrets`.
    var secretsDirectory: String { join(digdagConfigHome, "secrets") }

    /// The local plugin directory (`$XDG_CONFIG_HOME/digdag/plugins`, not affected by DIGDAG_CONFIG_HOME).
    var localPluginDirectory: String { join(join(configHome, "digdag"), "plugins") }

    private var configHome: String {
        if let xdg = environment["XDG_CONFIG_HOME"] {
            return xdg
        }
        return join(Self.userHome(environment), ".config")
    }

    /// The user's home directory: `$HOME`, else the password database entry.
    static func userHome(_ environment: [String: String]) -> String {
        if let home = environment["HOME"], !home.isEmpty {
            return home
        }
        if let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir {
            return String(cString: directory)
        }
        return "/"
    }

    private func join(_ base: String, _ name: String) -> String {
        base.hasSuffix("/") ? base + name : base + "/" + name
    }
}
