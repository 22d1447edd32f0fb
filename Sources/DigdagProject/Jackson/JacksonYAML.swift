import DigdagCore

/// Writes and reads YAML the way Digdag's Jackson YAML mapper does (jackson-dataformat-yaml
/// over SnakeYAML's emitter, without the `---` marker).
///
/// Used for `.digdag/status/<session>/<task>.yml`, `digdag check`'s parameters, `--show-params`
/// and `digdag workflows <project> <workflow>`:
///
/// ```
/// fullName: "+mydag+setup"
/// state: "success"
/// result:
///   subtaskConfig: {}
///   resetStoreParams: []
/// ```
///
/// String values are always double-quoted (long ones folded at 80 columns with `\` as SnakeYAML
/// does); keys are plain unless they start with `+`, `-`, `.` or a digit, are empty or are a YAML
/// boolean word (then double-quoted), or cannot be plain (then single-quoted). Lists are written
/// at their parent key's indentation, empty objects and lists as `{}` and `[]`.
public enum JacksonYAML {
    /// The YAML text of an object, ending with a line break.
    public static func render(_ config: Config) -> String {
        render(.object(config))
    }

    /// The YAML text of any value, ending with a line break.
    public static func render(_ value: ConfigValue) -> String {
        var emitter = JacksonYAMLEmitter()
        emitter.emitRoot(value)
        return emitter.output
    }

    /// Reads a YAML text written by ``render(_:)`` (or any plain YAML mapping), such as a status file.
    public static func parse(_ text: String) throws(ConfigError) -> Config {
        try DigdagYAML.parse(text, directory: nil)
    }
}
