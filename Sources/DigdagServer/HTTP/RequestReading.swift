import DigdagAPI
import DigdagCore
import Foundation
import Hummingbird

extension Request {
    /// A query parameter, nil when absent.
    func query(_ name: String) -> String? { uri.queryParameters.get(name) }

    /// Every value of a repeated query parameter.
    func queryAll(_ name: String) -> [String] { uri.queryParameters.getAll(name).map { String($0) } }

    /// An integer query parameter; 400 when not a number.
    func queryInt(_ name: String) throws(APIError) -> Int64? {
        guard let text = query(name), !text.isEmpty else { return nil }
        guard let value = Int64(text) else { throw APIError.badRequest("Invalid \(name)= parameter: \(text)") }
        return value
    }

    /// A Java-style boolean (`true` enables, anything else is false); nil when absent.
    func queryBool(_ name: String) -> Bool? { query(name).map { $0.lowercased() == "true" } }

    /// The JSON body as an object; 400 on malformed JSON.
    func jsonBody(limit: Int = 1 << 20) async throws -> JSONObjectReader {
        let buffer = try await body.collect(upTo: limit)
        let text = String(buffer: buffer)
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return try JSONObjectReader(.object([:])) }
        do {
            return try JSONObjectReader(text: text)
        } catch {
            throw APIError.badRequest("Malformed JSON body: \(error.message)")
        }
    }
}

extension Parameters {
    /// A numeric path id; 404 when not a number (as Digdag answers `/api/projects/abc`).
    func id(_ name: String = "id") throws(APIError) -> Int64 {
        guard let text = get(name), let value = Int64(text) else { throw APIError.notFound("Not found") }
        return value
    }
}
