import DigdagAPI
import DigdagCore
import Foundation

extension DigdagClient {
    /// Sessions of all projects, newest first (`GET /api/sessions[?last_id=]`).
    package func sessions(lastId: Int64?) async throws(DigdagClientError) -> [RestSession] {
        try Self.sessions(try await getJSON("/api/sessions", [("last_id", lastId.map(String.init))]))
    }

    /// Sessions of a project or one of its workflows (`GET /api/projects/{id}/sessions`).
    package func sessions(projectId: Int64, workflow: String?, lastId: Int64?, pageSize: Int?)
        async throws(DigdagClientError) -> [RestSession]
    {
        try Self.sessions(
            try await getJSON(
                "/api/projects/\(projectId)/sessions",
                [("workflow", workflow), ("last_id", lastId.map(String.init)), ("page_size", pageSize.map(String.init))]))
    }

    /// `GET /api/sessions/{id}`.
    package func session(id: Int64) async throws(DigdagClientError) -> RestSession {
        let reader = try await getJSON("/api/sessions/\(id)")
        return try Self.decode { () throws(APIDecodingError) in try RestSession(reader: reader) }
    }

    /// Attempts of all sessions (`GET /api/attempts[?last_id=&page_size=]`).
    package func attempts(lastId: Int64?, pageSize: Int?) async throws(DigdagClientError) -> [RestSessionAttempt] {
        try Self.attempts(
            try await getJSON("/api/attempts", [("last_id", lastId.map(String.init)), ("page_size", pageSize.map(String.init))]))
    }

    /// Attempts of one session (`GET /api/sessions/{id}/attempts`).
    package func attempts(sessionId: Int64, lastId: Int64?, pageSize: Int?)
        async throws(DigdagClientError) -> [RestSessionAttempt]
    {
        try Self.attempts(
            try await getJSON(
                "/api/sessions/\(sessionId)/attempts",
                [("last_id", lastId.map(String.init)), ("page_size", pageSize.map(String.init))]))
    }

    /// `GET /api/attempts/{id}`.
    package func attempt(id: Int64) async throws(DigdagClientError) -> RestSessionAttempt {
        let reader = try await getJSON("/api/attempts/\(id)")
        return try Self.decode { () throws(APIDecodingError) in try RestSessionAttempt(reader: reader) }
    }

    /// `GET /api/attempts/{id}/tasks`.
    package func tasks(attemptId: Int64) async throws(DigdagClientError) -> [RestTask] {
        let reader = try await getJSON("/api/attempts/\(attemptId)/tasks")
        return try Self.decode { () throws(APIDecodingError) in try reader.array("tasks").map(RestTask.init(reader:)) }
    }

    /// `PUT /api/attempts`. A 409 answer is a ``DigdagClientError`` whose body is the
    /// conflicting attempt's JSON.
    package func startAttempt(_ request: SessionAttemptRequest) async throws(DigdagClientError) -> RestSessionAttempt {
        let reader = try await sendJSON("PUT", "/api/attempts", body: request.json)
        return try Self.decode { () throws(APIDecodingError) in try RestSessionAttempt(reader: reader) }
    }

    /// `POST /api/attempts/{id}/kill` with `{}`.
    package func killAttempt(id: Int64) async throws(DigdagClientError) {
        _ = try await sendJSON("POST", "/api/attempts/\(id)/kill", body: .object([:]))
    }

    private static func sessions(_ reader: JSONObjectReader) throws(DigdagClientError) -> [RestSession] {
        try decode { () throws(APIDecodingError) in try reader.array("sessions").map(RestSession.init(reader:)) }
    }

    private static func attempts(_ reader: JSONObjectReader) throws(DigdagClientError) -> [RestSessionAttempt] {
        try decode { () throws(APIDecodingError) in try reader.array("attempts").map(RestSessionAttempt.init(reader:)) }
    }
}
