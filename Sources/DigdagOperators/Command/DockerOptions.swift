import DigdagCore
import Foundation

/// The task's `docker:` param (Digdag's `DockerCommandExecutor` options), and the command lines
/// built from it.
struct DockerOptions: Sendable, Equatable {
    /// `image`: the image to run, or the base image when `build` is given.
    var image: String
    /// `docker`: the docker program (default `docker`).
    var docker: String
    /// `run_options`: added right after `docker run`.
    var runOptions: [String]
    /// `pull_always`: run `docker pull <image>` first (ignored with `build`).
    var pullAlways: Bool
    /// `selinux`: mount the project with `:rw,Z`.
    var selinux: Bool
    /// `build`: RUN lines of a Dockerfile on top of `image`; nil when absent.
    var build: [String]?
    /// `build_options`: added right after `docker build`.
    var buildOptions: [String]

    /// The options of a task, or nil when its params have no `docker` key (run locally).
    static func of(_ params: Config) throws -> DockerOptions? {
        switch params["docker"] {
        case nil, .null?: return nil
        case .object(let docker)?: return try DockerOptions(docker)
        case let other?:
            throw ConfigError(
                "Expected object type for key 'docker' but got \(ParamReader.sample(other)) (\(other.kindName))")
        }
    }

    /// Reads the options with Digdag's `Config.get` rules and messages.
    init(_ config: Config) throws {
        image = try ParamReader.requiredString(config, "image")
        switch config["docker"] {
        case nil, .null?: docker = "docker"
        case let value?: docker = try ParamReader.string(value, key: "docker")
        }
        runOptions = try ParamReader.stringList(config, "run_options")
        pullAlways = try DockerOptions.flag(config, "pull_always")
        selinux = try DockerOptions.flag(config, "selinux")
        switch config["build"] {
        case nil, .null?: build = nil
        case .some: build = try ParamReader.stringList(config, "build")
        }
        buildOptions = try ParamReader.stringList(config, "build_options")
    }

    /// A boolean option, false when absent; `"true"` and `"false"` strings are accepted as Jackson does.
    private static func flag(_ config: Config, _ key: String) throws -> Bool {
        switch config[key] {
        case nil, .null?: return false
        case .bool(let value)?: return value
        case .string("true")?: return true
        case .string("false")?: return false
        case let other?:
            throw ConfigError(
                "Expected boolean type for key '\(key)' but got \(ParamReader.sample(other)) (\(other.kindName))")
        }
    }

    /// `docker run <run_options> --rm -v <project>:<project>:rw[,Z] -w <workdir> -e K=V... <image> <command...>`.
    ///
    /// `environment` is given in the order the variables are passed (see `DockerEnvironmentOrder`).
    func runCommandLine(
        image: String, projectPath: String, workingDirectory: String,
        environment: [(String, String)], command: [String]
    ) -> [String] {
        var line = [docker, "run"] + runOptions
        line.append("--rm")
        line += ["-v", "\(projectPath):\(projectPath):" + (selinux ? "rw,Z" : "rw")]
        line += ["-w", workingDirectory]
        for (name, value) in environment {
            line += ["-e", "\(name)=\(value)"]
        }
        line.append(image)
        return line + command
    }

    /// `docker build <build_options> -f <dockerfile> --force-rm -t <image> <project>`.
    func buildCommandLine(dockerfile: String, image: String, projectPath: String) -> [String] {
        [docker, "build"] + buildOptions + ["-f", dockerfile, "--force-rm", "-t", image, projectPath]
    }

    /// The Dockerfile for `build`: `FROM <image>` and one `RUN` per line of each build command.
    func dockerfile(build: [String]) -> String {
        var text = "FROM " + image.replacingOccurrences(of: "\n", with: "") + "\n"
        for command in build {
            for line in command.split(separator: "\n", omittingEmptySubsequences: false) {
                text += "RUN \(line)\n"
            }
        }
        return text
    }

    /// The name of the image built for `build`: `digdag-project-<projectId>:<sha1>`, where the SHA-1
    /// covers the base image, the build commands and the project revision (a random one when unknown).
    func builtImageName(projectId: Int64, revision: String?, build: [String]) -> String {
        let key: Config = [
            "image": .string(image),
            "build": .array(build.map { .string($0) }),
            "revision": .string(revision ?? UUID().uuidString.lowercased()),
        ]
        return "digdag-project-\(projectId):" + DockerSHA1.hexDigest(Array(JSONText.compact(.object(key)).utf8))
    }

    /// True when `docker images` output lists `name`: a line (after the first) starting with the
    /// repository, spaces, then the tag.
    static func imagesOutput(_ output: String, lists name: String) -> Bool {
        let parts = name.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        for line in output.split(separator: "\n").dropFirst() {
            guard parts.count > 1 else {
                if line.hasPrefix(name + " ") { return true }
                continue
            }
            guard line.hasPrefix(parts[0] + " ") else { continue }
            if line.dropFirst(parts[0].count).drop(while: { $0 == " " }).hasPrefix(parts[1]) { return true }
        }
        return false
    }
}
