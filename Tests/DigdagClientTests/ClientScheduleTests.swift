import DigdagClient
import DigdagHTTP
import Foundation
import Testing

/// Schedule calls (`schedules`, `reschedule`, `backfill`, `enable`, `disable`) against a
/// scripted server: what is sent and how answers are read.
@Suite struct ClientScheduleTests {
    static let schedule = """
        {"id":"1","project":{"id":"1","name":"sample"},"workflow":{"id":"5","name":"sample"},\
        "nextRunTime":"2016-02-11T07:00:00Z","nextScheduleTime":"2016-02-10T00:00:00-08:00","disabledAt":null}
        """

    static let summary = """
        {"id":"1","project":{"id":"1","name":"sample"},"workflow":{"id":"5","name":"sample"},\
        "nextRunTime":"2016-02-11T07:00:00Z","nextScheduleTime":"2016-02-10T00:00:00-08:00",\
        "createdAt":"2016-02-01T00:00:00Z","updatedAt":"2016-02-01T00:00:00Z","disabledAt":"2016-02-02T00:00:00Z"}
        """

    @Test func readsSchedulesWithTheirOffset() async throws {
        let script = ClientRetryTests.Script([ClientRetryTests.json(200, #"{"schedules":[\#(Self.schedule)]}"#)])
        let schedules = try await script.client.schedules()
        let first = try #require(schedules.first)
        #expect(first.id == 1 && first.workflow.id == 5 && first.project.name == "sample")
        #expect(first.timezone == "-08:00")
        #expect(first.nextScheduleTime == 1_455_091_200)
        #expect(first.disabledAt == nil)
        #expect(script.requests.withLock { $0.first?.url } == "http://127.0.0.1:1/api/schedules")
    }

    @Test func skipAndBackfillBodies() async throws {
        let script = ClientRetryTests.Script([
            ClientRetryTests.json(200, Self.summary), ClientRetryTests.json(200, Self.summary),
            ClientRetryTests.json(200, #"{"id":"1","project":{"id":"1","name":"sample"},"workflow":{"id":"5","name":"sample"},"attempts":[]}"#),
            ClientRetryTests.json(200, Self.summary),
        ])
        let client = script.client
        let now = Date(timeIntervalSince1970: 1_455_000_000)
        let skipped = try await client.skipSchedule(id: 1, fromTime: now, count: 2, runAt: nil, dryRun: true)
        #expect(skipped.schedule.disabledAt == Date(timeIntervalSince1970: 1_454_371_200))
        _ = try await client.skipSchedule(id: 1, toTime: now, runAt: now, dryRun: false)
        let attempts = try await client.backfillSchedule(id: 1, fromTime: now, attemptName: "bf", count: nil, dryRun: true)
        #expect(attempts.isEmpty)
        _ = try await client.disableSchedule(id: 1)
        let bodies = script.requests.withLock { $0.map { String(decoding: $0.body ?? Data(), as: UTF8.self) } }
        #expect(bodies == [
            #"{"count":2,"fromTime":"2016-02-09T06:40:00Z","nextRunTime":null,"dryRun":true}"#,
            #"{"nextTime":"2016-02-09T06:40:00Z","nextRunTime":"2016-02-09T06:40:00Z","dryRun":false}"#,
            #"{"fromTime":"2016-02-09T06:40:00Z","dryRun":true,"attemptName":"bf","count":null}"#,
            "{}",
        ])
        let urls = script.requests.withLock { $0.map(\.url) }
        #expect(urls == [
            "http://127.0.0.1:1/api/schedules/1/skip", "http://127.0.0.1:1/api/schedules/1/skip",
            "http://127.0.0.1:1/api/schedules/1/backfill", "http://127.0.0.1:1/api/schedules/1/disable",
        ])
        #expect(script.requests.withLock { $0.allSatisfy { $0.method == "POST" } })
    }

    @Test func workflowScheduleNotFound() async throws {
        let script = ClientRetryTests.Script([ClientRetryTests.json(200, #"{"schedules":[]}"#)])
        do {
            _ = try await script.client.schedule(projectId: 3, workflow: "wf")
            Issue.record("expected an error")
        } catch {
            #expect(error.isNotFound)
            #expect(error.body == "schedule not found in the latest revision of project id = 3: wf")
        }
        #expect(script.requests.withLock { $0.first?.url } == "http://127.0.0.1:1/api/projects/3/schedules?workflow=wf")
    }
}
