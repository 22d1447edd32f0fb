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
