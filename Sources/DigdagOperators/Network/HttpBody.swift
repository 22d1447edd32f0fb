import DigdagCore
import DigdagOperatorKit
import Foundation

/// A request body and its `Content-Type`, built from `content`, `content_format` and
/// `content_type` the way Digdag infers them:
///
/// | content        | format       | body                  | default Content-Type                |
/// |----------------|--------------|-----------------------|-------------------------------------|
/// | scalar         | none or text | the value as text     | `plain/text` (sic, as Digdag)       |
/// | scalar         | json         | JSON                  | `application/json`                  |
/// | object / array | none or json | JSON                  | `application/json`                  |
/// | object         | form         | url-encoded fields    | `application/x-www-form-urlencoded` |
///
/// Any other combination is a config error. `${secret:...}` in strings and object keys is
/// replaced.
struct HttpBody: Sendable, Equatable {
    /// The bytes sent.
    var data: Data
    /// The `Content-Type` header.
    var contentType: String

    /// The body for the params' `content`, or nil when there is none.
    static func make(_ params: Config, secrets: any SecretProvider) throws -> HttpBody? {
        guard let content = params["content"], !content.isNull else { return nil }
        let format = try HttpOptions.string(params, "content_format")?.lowercased()
        let contentType = try HttpOptions.string(params, "content_type")
        switch content {
        case .object, .array:
            switch format ?? "json" {
            case "json":
                let json = JSONText.compact(try resolveSecrets(content, secrets))
                return HttpBody(data: Data(json.utf8), contentType: contentType ?? "application/json")
            case "form":
                guard case .object(let object) = try resolveSecrets(content, secrets) else {
                    throw invalidFormat(format ?? "", content)
                }
                let fields = try object.map { key, value in
                    if case .object = value { throw formFieldError(value) }
                    if case .array = value { throw formFieldError(value) }
                    return (key, value.textValue)
                }
                return HttpBody(
                    data: Data(FormEncoding.encode(fields).utf8), contentType: "application/x-www-form-urlencoded")
            default:
                throw invalidFormat(format ?? "", content)
            }
        default:
            switch format ?? "text" {
            case "text":
                let text = try resolveSecrets(content, secrets).textValue
                return HttpBody(data: Data(text.utf8), contentType: contentType ?? "plain/text")
            case "json":
                let json = JSONText.compact(try resolveSecrets(content, secrets))
                return HttpBody(data: Data(json.utf8), contentType: contentType ?? "application/json")
            default:
                throw invalidFormat(format ?? "", content)
            }
        }
    }

    /// `value` with `${secret:...}` replaced in every string and object key.
    static func resolveSecrets(_ value: ConfigValue, _ secrets: any SecretProvider) throws -> ConfigValue {
        switch value {
        case .string(let s): return .string(try SecretTemplate.format(s, secrets: secrets))
        case .array(let items): return .array(try items.map { try resolveSecrets($0, secrets) })
        case .object(let object):
            var out: Config = [:]
            for (key, item) in object {
                out[try SecretTemplate.format(key, secrets: secrets)] = try resolveSecrets(item, secrets)
            }
            return .object(out)
        default: return value
        }
    }

    private static func invalidFormat(_ format: String, _ content: ConfigValue) -> ConfigError {
        ConfigError("Invalid content format for \(content.kindName)s: '\(format)'")
    }

    private static func formFieldError(_ value: ConfigValue) -> ConfigError {
        ConfigError("Invalid form content field value: \(JSONText.compact(value))")
    }
}
