import DigdagCore
import Foundation

extension RbOperator {
    /// Digdag's failure text: the exit code, then the Ruby error from `output.json` if any:
    /// `Ruby command failed with code 1: <message> (<Class>)\n\tfrom <frame>\n\tfrom ...`.
    static func failureReason(code: Int32, outputPath: URL) -> String {
        let reason = "Ruby command failed with code \(code)"
        guard let data = try? Data(contentsOf: outputPath),
            case .object(let output)? = try? JSONConfigParser.parse(String(decoding: data, as: UTF8.self))
        else {
            // The runner did not get to write its output (e.g. `require:` failed): Ruby's own
            // message is in the task log.
            return reason
        }
        let error = output.nestedOrEmpty("error")
        return reason + ScriptErrorText.describe(error)
    }
}
