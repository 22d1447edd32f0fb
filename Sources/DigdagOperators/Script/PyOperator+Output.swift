import DigdagCore
import DigdagOperatorKit
import Foundation

extension PyOperator {
    /// The task result in `output.json` after a successful run.
    static func result(outputPath: URL) throws -> TaskResult {
        guard let data = try? Data(contentsOf: outputPath) else {
            throw OperatorError.runtime(
                "output.json does not exist. Something unexpected error happened. Please check logs.")
        }
        let output: Config
        do {
            guard case .object(let object) = try JSONConfigParser.parse(String(decoding: data, as: UTF8.self)) else {
                throw ConfigError("output.json is not a JSON object")
            }
            output = object
        } catch let error as ConfigError {
            throw OperatorError.runtime("Failed to read output.json: \(error.message)")
        } catch {
            throw OperatorError.runtime("Failed to parse output.json: \(error)")
        }
        return TaskResult(
            subtaskConfig: output.nestedOrEmpty("subtask_config"),
            exportParams: output.nestedOrEmpty("export_params"),
            storeParams: output.nestedOrEmpty("store_params"))
    }

    /// Digdag's failure text: the exit code, then the Python error from `output.json` if any:
    /// `Python command failed with code 1\nError messages from python: <msg> (<Class>)\n\tfrom <line>...`.
    static func failureReason(code: Int32, outputPath: URL) -> String {
        var reason = "Python command failed with code \(code)"
        guard let data = try? Data(contentsOf: outputPath) else { return reason }
        guard case .object(let output)? = try? JSONConfigParser.parse(String(decoding: data, as: UTF8.self)) else {
            return reason + "\n\tCan't parse output.json. The command failed unexpectedly. Please check logs."
        }
        let error = output.nestedOrEmpty("error")
        reason += "\nError messages from python"
        return reason + ScriptErrorText.describe(error)
    }
}
