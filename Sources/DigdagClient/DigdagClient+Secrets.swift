import DigdagAPI
import DigdagCore
import DigdagHTTP
import Foundation

extension DigdagClient {
    /// Secret keys of a project (`GET /api/projects/{id}/secrets`, sent once: a 4xx shows the body).
    package func projectSecretKeys(projectId: Int64) async throws(DigdagClientError) -> [String] {
        let response = try await send("GET", url("/api/projects/\(projectId)/secrets"), body: nil, contentType: nil)
        let reader = try Self.readJSON(response)
        return try Self.decode { () throws(APIDecodingError) in try reader.array("secrets").map { r throws(APIDecodingError) in try r.string("key") } }
    }

    /// `PUT /api/projects/{id}/secrets/{key}` with `{"value": ...}`.
    package func setProjectSecret(projectId: Int64, key: String, value: String) async throws(DigdagClientError) {
        try await secretRequest(
            "PUT", projectId: projectId, key: key, body: .object(["value": .string(value)]), action: "set")
    }

    /// `DELETE /api/projects/{id}/secrets/{key}`.
    package func deleteProjectSecret(projectId: Int64, key: String) async throws(DigdagClientError) {
        try await secretRequest("DELETE", projectId: projectId, key: key, body: nil, action: "delete")
    }

    /// Digdag reports any failure of these two as `Failed to <action> project secret: <reason>`.
    private func secretRequest(_ method: String, projectId: Int64, key: String, body: ConfigValue?, action: String)
        async throws(DigdagClientError)
    {
        do {
            _ = try await sendJSON(method, "/api/projects/\(projectId)/secrets/\(Self.encode(key))", body: body)
        } catch {
            guard let status = error.status else { throw error }
            let reason = HTTPStatusText.reason(status)
            throw DigdagClientError(.serverError, "Failed to \(action) project secret: \(reason) (web application)")
        }
    }
}
