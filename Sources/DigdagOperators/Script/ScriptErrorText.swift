import DigdagCore

/// The error part of `output.json` written by our py> and rb> runners, as Digdag shows it:
/// `: <message> (<Class>)` followed by `\n\tfrom <frame>` lines.
enum ScriptErrorText {
    static func describe(_ error: Config) -> String {
        var text = ""
        if let message = error["message"], !message.isNull {
            text += ": " + message.textValue
        }
        if let errorClass = error["class"], !errorClass.isNull {
            text += " (" + errorClass.textValue + ")"
        }
        let backtrace = (error["backtrace"]?.arrayValue ?? []).map(\.textValue)
        if !backtrace.isEmpty {
            text += "\n\tfrom " + backtrace.joined(separator: "\n\tfrom ")
        }
        return text
    }
}
