import DigdagAPI
import DigdagCore
import Foundation
import Testing

/// The streaming writer (REST responses) and the value builder (tests, clients) must produce the
/// same JSON for every model: one `writeFields` feeds both.
@Suite struct RestJSONTests {
    static let attempt = RestSessionAttempt(
        id: 42, index: 2, project: IdAndName(id: 1, name: "p\"q\\r"), workflow: NameOptionalId(name: "w\n", id: nil),
        sessionId: 7, sessionUUID: "ce79551e-18fd-49fd-b184-caf86a0cfb79", sessionTime: 1_689_433_200,
        timezone: "Asia/Tokyo", retryAttemptName: nil, done: true, success: false, cancelRequested: true,
        params: ["a": .array([.int(-1), .double(1.5), .null, .bool(true)]), "ü": .string("\u{01}\t日本")],
        createdAt: Date(timeIntervalSince1970: 1_700_000_000.9), finishedAt: nil)

    static let session = RestSession(
        id: 7, project: attempt.project, workflow: attempt.workflow, sessionUUID: attempt.sessionUUID,
        sessionTime: attempt.sessionTime, timezone: "Asia/Tokyo", lastAttempt: attempt)

    @Test func streamingMatchesBuilder() {
        let task = RestTask(
            id: 3, fullName: "+w+t", parentId: nil, config: ["sh>": "echo"], upstreams: [1, 2], isGroup: false,
            state: "success", cancelRequested: false, exportParams: [:], storeParams: ["k": 1], stateParams: [:],
            updatedAt: Date(timeIntervalSince1970: 0), retryAt: nil, startedAt: Date(timeIntervalSince1970: -1),
            error: [:])
        let models: [any JSONEncodableModel] = [
            Self.attempt, Self.session, task, ModelCollection("sessions", [Self.session, Self.session]),
            ModelCollection("attempts", [RestSessionAttempt]()),
        ]
        for model in models {
            #expect(model.jsonText == JSONText.compact(model.json))
        }
    }

    @Test func sessionInDigdagsOrderAndFormats() {
        let text = Self.session.jsonText
        #expect(text.hasPrefix(#"{"id":"7","project":{"id":"1","name":"p\"q\\r"},"workflow":{"name":"w\n","id":null},"#))
        #expect(text.contains(#""sessionTime":"2023-07-16T00:00:00+09:00","lastAttempt":{"id":"42","retryAttemptName":null,"#))
        #expect(text.contains(#""params":{"a":[-1,1.5,null,true],"ü":"\u0001\t日本"},"createdAt":"2023-11-14T22:13:20Z","finishedAt":null}}"#))
    }

    @Test func integersAtTheLimits() {
        var out: [UInt8] = []
        for value in [Int64.min, -10, 0, 9, 10, Int64.max] {
            out.removeAll()
            JSONText.writeInteger(value, to: &out)
            #expect(String(decoding: out, as: UTF8.self) == String(value))
        }
    }

    @Test func instantsAreFlooredToSeconds() {
        #expect(APITime.instant(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59Z")
        #expect(APITime.instant(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00Z")
        #expect(APITime.instant(Date(timeIntervalSince1970: 253_402_300_800)) == "10000-01-01T00:00:00Z")
    }
}
