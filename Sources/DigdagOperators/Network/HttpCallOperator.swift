import DigdagCore
import DigdagHTTP
import DigdagOperatorKit
import Foundation

/// `http_call>: URI`: fetches a workflow definition over HTTP (JSON or YAML) and runs it as
/// the task's subtasks (`^sub`), as Digdag's `HttpCallOperatorFactory` does.
///
/// Takes the options of `http>` except `store_content`, plus `content_type_override`.
public struct HttpCallOperator: Operator {
    public let type = "http_call"
    public var knownOptions: Set<String>? {
        ["content_type_override", "method", "content", "content_format", "content_type", "headers", "query", "retry", "retry_limit", "timeout", "insecure", "follow_redirects", "proxy", "http", "_retry"]
    }

    /// The name the fetched workflow is loaded under (Digdag writes it to `http_call.dig`).
    static let workflowName = "http_call"

    /// Creates the operator.
    public init() {}

    public func run(_ context: OperatorContext) async throws -> TaskResult {
        let options = try HttpOptions(context)
        let spec = try HttpRequestSpec(context, options: options, useSecretURI: false)
        let override = try HttpOptions.string(options.params, "content_type_override").flatMap { $0.isEmpty ? nil : $0 }
        let limit = context.systemConfig["config.http_call.max_response_content_size"].flatMap { Int($0) } ?? 64 * 1024
        let response = try await HttpExchange.perform(spec, options: options, context: context)

        let content = HttpCallOperator.decode(response, contentType: override ?? response.headers["content-type"])
        let length = content.utf16.count
        guard length <= limit else { throw OperatorError.failed("Response content too large: \(length) > \(limit)") }

        let source = try HttpCallOperator.definitionSource(content, response: response, override: override)
        context.logger.log(.info, "Fetched definition for http_call>:\n\(source)")
        let definition = try context.workflows.parseWorkflow(source, name: HttpCallOperator.workflowName)
        return TaskResult(subtaskConfig: definition)
    }

    /// The workflow text of a JSON or YAML response.
    static func definitionSource(_ content: String, response: HttpResponse, override: String?) throws -> String {
        let mediaType: String
        if let override {
            mediaType = override
        } else {
            guard let type = response.mediaType else {
                throw OperatorError.failed("Content-Type must be set in the HTTP response but not set")
            }
            mediaType = type
        }
        let essence = (mediaType.split(separator: ";", maxSplits: 1).first.map(String.init) ?? mediaType)
            .trimmingCharacters(in: .whitespaces).lowercased()
        switch essence {
        case "application/json":
            do {
                _ = try JSONText.parse(content)
            } catch {
                throw OperatorError.runtime("Failed to parse response as JSON: \(error.message)")
            }
            // JSON is YAML: the workflow loader reads it with the same rules as a .dig file.
            return content
        case "application/x-yaml":
            return content
        default:
            throw OperatorError.failed(
                "Unsupported Content-Type (expected application/json or application/x-yaml): "
                    + (response.mediaType ?? "null"))
        }
    }

    /// The body decoded with the `charset=` of `contentType`, UTF-8 otherwise.
    static func decode(_ response: HttpResponse, contentType: String?) -> String {
        guard let contentType, let range = contentType.range(of: "charset=", options: .caseInsensitive) else {
            return response.text
        }
        let name = contentType[range.upperBound...].split(separator: ";").first.map(String.init) ?? ""
        let charset = name.trimmingCharacters(in: CharacterSet(charactersIn: " \"'")).lowercased()
        let encoding: String.Encoding
        switch charset {
        case "iso-8859-1", "latin1", "iso8859-1": encoding = .isoLatin1
        case "us-ascii", "ascii": encoding = .ascii
        case "utf-16": encoding = .utf16
        case "utf-16be": encoding = .utf16BigEndian
        case "utf-16le": encoding = .utf16LittleEndian
        default: encoding = .utf8
        }
        return String(data: response.body, encoding: encoding) ?? response.text
    }
}
