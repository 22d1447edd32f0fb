import DigdagAPI
import DigdagCore
import Foundation

extension DigdagClient {
    /// `GET /api/tokens`.
    package func accessTokens() async throws(DigdagClientError) -> [RestAccessToken] {
        let reader = try await sendJSON("GET", "/api/tokens")
        return try Self.decode { () throws(APIDecodingError) in
            try reader.array("tokens").map { r throws(APIDecodingError) in try RestAccessToken(reader: r) }
        }
    }

    /// `POST /api/tokens`: the new token, with its text.
    package func createAccessToken(name: String, readOnly: Bool) async throws(DigdagClientError) -> RestAccessToken {
        let reader = try await sendJSON(
            "POST", "/api/tokens", body: .object(["name": .string(name), "readOnly": .bool(readOnly)]))
        return try Self.decode { () throws(APIDecodingError) in try RestAccessToken(reader: reader) }
    }

    /// `DELETE /api/tokens/{id}`: the revoked token.
    package func revokeAccessToken(id: Int64) async throws(DigdagClientError) -> RestAccessToken {
        let reader = try await sendJSON("DELETE", "/api/tokens/\(id)")
        return try Self.decode { () throws(APIDecodingError) in try RestAccessToken(reader: reader) }
    }
}
