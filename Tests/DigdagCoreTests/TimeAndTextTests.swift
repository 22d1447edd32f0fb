import DigdagCore
import Foundation
import Testing

@Suite struct TimeAndTextTests {
    @Test func builtInsInTokyo() throws {
        let zone = try #require(ZoneNames.zone("Asia/Tokyo"))
        let time = try #require(ZonedTime.at(year: 2023, month: 7, day: 16, zone: zone))
        let params = BuiltInParams.make(
            timeZoneName: "Asia/Tokyo", zone: zone, sessionUUID: "u", sessionTime: time, sessionId: 1, projectId: 1,
            retryAttemptName: nil, attemptId: 1, taskName: "+wf+setup", config: [:])
        #expect(params["session_time"] == "2023-07-16T00:00:00+09:00")
        #expect(params["session_date"] == "2023-07-16")
        #expect(params["session_date_compact"] == "20230716")
        #expect(params["session_local_time"] == "2023-07-16 00:00:00")
        #expect(params["session_tz_offset"] == "+0900")
        #expect(params["session_unixtime"] == 1_689_433_200)
        #expect(params["last_executed_session_time"] == "")
        #expect(params["last_executed_session_tz_offset"] == "+0900")
        #expect(params["last_executed_session_unixtime"] == "")
        #expect(params["retry_attempt_name"] == nil)
        #expect(ZonedTime(time, zone).statusDirectoryName == "20230716T000000+0900")
        #expect(Array(params.keys.prefix(4)) == ["timezone", "session_uuid", "session_time", "session_id"])
    }

    @Test func utcIsWrittenWithOffset() throws {
        let utc = try #require(ZoneNames.zone("UTC"))
        #expect(ZonedTime(Date(timeIntervalSince1970: 0), utc).isoOffset == "1970-01-01T00:00:00+00:00")
    }

    @Test(arguments: [("Asia/Tokyo", true), ("UTC", true), ("+09:00", true), ("JST", false), ("Nowhere/City", false)])
    func zoneNames(name: String, valid: Bool) {
        #expect((ZoneNames.zone(name) != nil) == valid)
    }

    @Test func javaToStringOfForEachCommand() {
        let value: ConfigValue = ["order": ["first", "second", "third"], "animal": ["dog", "cat"]]
        #expect(JSONText.javaToString(value) == "{order=[first, second, third], animal=[dog, cat]}")
        #expect(JSONText.compact(value) == #"{"order":["first","second","third"],"animal":["dog","cat"]}"#)
    }

    @Test func jsonRoundTripKeepsOrder() throws {
        let text = #"{"b":1,"a":[true,null,"x\n",1.5],"c":{"z":{}}}"#
        #expect(JSONText.compact(try JSONText.parse(text)) == text)
    }

    @Test func deepMergeMergesObjectsAndReplacesOthers() {
        var a: Config = ["x": ["p": 1, "q": 2], "y": [1]]
        a.deepMerge(["x": ["q": 3, "r": 4], "y": [2]])
        #expect(a == ["x": ["p": 1, "q": 3, "r": 4], "y": [2]])
    }
}

@Suite struct CivilTimeTests {
    @Test(arguments: [
        ("UTC", 2023, 7, 16, 0, 1_689_465_600.0),
        ("Asia/Tokyo", 2023, 7, 16, 0, 1_689_433_200.0),
        ("UTC", 1969, 12, 31, 23, -3_600.0),
        ("UTC", 2024, 2, 29, 12, 1_709_208_000.0),
        // New York: 02:30 on 2023-03-12 does not exist -> 03:30 EDT (07:30Z)
        ("America/New_York", 2023, 3, 12, 2, 1_678_606_200.0),
        // New York: 01:00 on 2023-11-05 happens twice -> the earlier (EDT, 05:00Z)
        ("America/New_York", 2023, 11, 5, 1, 1_699_160_400.0),
    ])
    func wallTimesMatchJava(zone: String, year: Int, month: Int, day: Int, hour: Int, epoch: Double) throws {
        let tz = try #require(TimeZone(identifier: zone))
        let minute = zone == "America/New_York" && month == 3 ? 30 : 0
        let date = try #require(ZonedTime.at(year: year, month: month, day: day, hour: hour, minute: minute, zone: tz))
        #expect(date.timeIntervalSince1970 == epoch)
        if !(month == 3 && zone == "America/New_York") {
            let fields = ZonedTime(date, tz).fields
            #expect([fields.year, fields.month, fields.day, fields.hour] == [year, month, day, hour])
        }
    }

    @Test func invalidDatesAreRejected() {
        #expect(ZonedTime.at(year: 2023, month: 2, day: 29, zone: .gmt) == nil)
        #expect(ZonedTime.at(year: 2023, month: 13, day: 1, zone: .gmt) == nil)
    }
}

@Suite struct JSONDepthTests {
    @Test func nestingUpToTheLimitParses() throws {
        let depth = JSONConfigParser.maximumDepth
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        _ = try JSONConfigParser.parse(text)
    }

    @Test func deeperNestingIsAnErrorNotACrash() {
        let text = String(repeating: "{\"a\":", count: 200_000) + "1" + String(repeating: "}", count: 200_000)
        #expect(throws: JSONConfigParser.SyntaxError.self) { try JSONConfigParser.parse(text) }
    }

    @Test func longTextIsNotEchoedWholeInTheError() {
        let text = "[" + String(repeating: "1,", count: 100_000) + "x]"
        do {
            _ = try JSONText.parse(text)
            Issue.record("expected an error")
        } catch {
            #expect(error.message.count < 400)
        }
    }
}
