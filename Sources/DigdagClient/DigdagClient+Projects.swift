import DigdagAPI
import DigdagCore
import Foundation

extension DigdagClient {
    /// `GET /api/version/check?client=<version>`.
    package func checkClientVersion(_ version: String = DigdagClientConfiguration.clientVersion)
        async throws(DigdagClientError) -> RestVersionCheckResult
    {
        let reader = try await getJSON("/api/version/check", [("client", version)])
        return try Self.decode { () throws(APIDecodingError) in try RestVersionCheckResult(reader: reader) }
    }

    /// `GET /api/version`: the server's `version` (empty when absent).
    package func serverVersion() async throws(DigdagClientError) -> String {
        let reader = try await getJSON("/api/version")
        return reader.optionalString("version") ?? ""
    }

    /// The project called `name` (`GET /api/projects?name=`); "not found" when there is none.
    package func project(named name: String) async throws(DigdagClientError) -> RestProject {
        let reader = try await getJSON("/api/projects", [("name", name)])
        guard let first = try Self.decode({ () throws(APIDecodingError) in try reader.array("projects") }).first else {
            throw DigdagClientError.notFound("project not found: \(name)")
        }
        return try Self.decode { () throws(APIDecodingError) in try RestProject(reader: first) }
    }

    /// One page of projects (`GET /api/projects?last_id=&count=&name_pattern=`).
    package func projects(lastId: Int64? = nil, count: Int? = nil, namePattern: String? = nil)
        async throws(DigdagClientError) -> [RestProject]
    {
        let reader = try await getJSON(
            "/api/projects", [("last_id", lastId.map(String.init)), ("count", count.map(String.init)), ("name_pattern", namePattern)])
        return try Self.decode { () throws(APIDecodingError) in try reader.array("projects").map(RestProject.init(reader:)) }
    }

    /// `DELETE /api/projects/{id}`.
    package func deleteProject(id: Int64) async throws(DigdagClientError) {
        _ = try await sendJSON("DELETE", "/api/projects/\(id)")
    }

    /// `PUT /api/projects?project=&revision=[&schedule_from=]` with a tar.gz archive.
    package func putProjectRevision(project: String, revision: String, archive: Data, scheduleFrom: Date? = nil)
        async throws(DigdagClientError) -> RestProject
    {
        let target = url(
            "/api/projects",
            [("project", project), ("revision", revision), ("schedule_from", scheduleFrom.map(ZonedTime.instantText))])
        let response = try await send("PUT", target, body: archive, contentType: "application/gzip")
        let reader = try Self.readJSON(response)
        return try Self.decode { () throws(APIDecodingError) in try RestProject(reader: reader) }
    }

    /// The tar.gz archive of a revision (`GET /api/projects/{id}/archive?revision=`), following
    /// `303 See Other` answers (storage direct downloads) up to 10 times without our headers.
    package func projectArchive(projectId: Int64, revision: String) async throws(DigdagClientError) -> Data {
        var target = url(
            "/api/projects/\(projectId)/archive",
            [("revision", revision), ("direct_download", configuration.disableDirectDownload ? "false" : nil)])
        var firstError: DigdagClientError?
        for hop in 0..<10 {
            do {
                return try await getRaw(target, withHeaders: hop == 0).body
            } catch {
                if firstError == nil { firstError = error }
                guard let status = error.status, status % 100 == 3, let location = error.location else { throw error }
                target = location
            }
        }
        throw firstError!
    }

    /// Workflows of a project's revision (`GET /api/projects/{id}/workflows[?revision=]`).
    package func workflowDefinitions(projectId: Int64, revision: String? = nil)
        async throws(DigdagClientError) -> [RestWorkflowDefinition]
    {
        let reader = try await getJSON("/api/projects/\(projectId)/workflows", [("revision", revision)])
        return try Self.decode { () throws(APIDecodingError) in
            try reader.array("workflows").map(RestWorkflowDefinition.init(reader:))
        }
    }

    /// The workflow `name` of a project's latest (or given) revision; "not found" when absent.
    package func workflowDefinition(projectId: Int64, name: String, revision: String? = nil)
        async throws(DigdagClientError) -> RestWorkflowDefinition
    {
        let reader = try await getJSON(
            "/api/projects/\(projectId)/workflows", [("name", name), ("revision", revision)])
        let list = try Self.decode { () throws(APIDecodingError) in
            try reader.array("workflows").map(RestWorkflowDefinition.init(reader:))
        }
        guard let first = list.first else {
            if let revision {
                throw DigdagClientError.notFound(
                    "workflow not found in revision = \(revision) of project id = \(projectId): \(name)")
            }
            throw DigdagClientError.notFound(
                "workflow not found in the latest revision of project id = \(projectId): \(name)")
        }
        return first
    }

    /// Workflows of every project's latest revision (`GET /api/workflows?last_id=&count=&order=&name_pattern=`).
    package func workflowDefinitions(lastId: Int64?, count: Int, order: String, namePattern: String?)
        async throws(DigdagClientError) -> [RestWorkflowDefinition]
    {
        let reader = try await getJSON(
            "/api/workflows",
            [("last_id", lastId.map(String.init)), ("count", String(count)), ("order", order), ("name_pattern", namePattern)])
        return try Self.decode { () throws(APIDecodingError) in
            try reader.array("workflows").map(RestWorkflowDefinition.init(reader:))
        }
    }

    /// `GET /api/workflows/{id}/truncated_session_time?session_time=[&mode=]`.
    package func truncatedSessionTime(workflowId: Int64, sessionTime: String, mode: String? = nil)
        async throws(DigdagClientError) -> RestWorkflowSessionTime
    {
        let reader = try await getJSON(
            "/api/workflows/\(workflowId)/truncated_session_time", [("session_time", sessionTime), ("mode", mode)])
        return try Self.decode { () throws(APIDecodingError) in try RestWorkflowSessionTime(reader: reader) }
    }
}
