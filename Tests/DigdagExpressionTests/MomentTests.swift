import DigdagCore
import DigdagExpression
import Testing

@Suite("moment.js in the workflow time zone")
struct MomentTests {
    static let tokyo: Config = ["session_time": "2023-07-16T00:00:00+09:00", "i": 1]
    static let losAngeles: Config = ["session_time": "2016-01-30T00:00:00-08:00", "i": 1]

    @Test(arguments: [
        ("${moment(session_time).utc().format('YYYY-MM-DD HH:mm:ss Z')}", "2023-07-15 15:00:00 +00:00"),
        ("${moment(session_time).add(1,'days')}", #""2023-07-16T15:00:00.000Z""#),
        ("${moment(session_time).format()}", "2023-07-16T00:00:00+09:00"),
        ("${moment(session_time).add(1,'days').format('YYYYMMDD')}", "20230717"),
        ("${moment(session_time).tz('America/New_York').format('YYYY-MM-DD HH:mm Z')}", "2023-07-15 11:00 -04:00"),
        ("${moment(session_time).format('LLL')}", "July 16, 2023 12:00 AM"),
    ])
    func tokyo(template: String, expected: String) {
        #expect(renderOrError(template, scope: Self.tokyo, timeZone: "Asia/Tokyo") == expected)
    }

    @Test(arguments: [
        ("${moment(session_time).format(\"YYYY-MM-DD HH:mm:ss Z\")}", "2016-01-30 00:00:00 -08:00"),
        ("${moment(session_time).utc().format(\"YYYY-MM-DD HH:mm:ss\")}", "2016-01-30 08:00:00"),
        ("${moment(session_time).format()}", "2016-01-30T00:00:00-08:00"),
        ("${moment(session_time).add(1,'days').format('LLL')}", "January 31, 2016 12:00 AM"),
        ("${moment(session_time).add(i,'days')}", #""2016-01-31T08:00:00.000Z""#),
    ])
    func losAngeles(template: String, expected: String) {
        #expect(renderOrError(template, scope: Self.losAngeles, timeZone: "America/Los_Angeles") == expected)
    }

    @Test func zoneFollowsEachEvaluation() {
        // The same heap serves different workflow zones one after the other.
        for _ in 0..<3 {
            #expect(renderOrError("${moment(session_time).format()}", scope: Self.losAngeles, timeZone: "UTC")
                == "2016-01-30T08:00:00+00:00")
            #expect(renderOrError("${moment(session_time).format()}", scope: Self.losAngeles, timeZone: "Asia/Tokyo")
                == "2016-01-30T17:00:00+09:00")
        }
    }

    @Test func nowIsInTheWorkflowZone() {
        let offset = renderOrError("${moment().format('Z')}", scope: [:], timeZone: "Asia/Kolkata")
        #expect(offset == "+05:30")
    }
}

@Suite("moment.js at offset zero")
struct MomentUTCTests {
    @Test(arguments: [
        ("${moment(session_time).format()}", "2016-01-30T08:00:00+00:00"),
        ("${moment(session_time).utc().format()}", "2016-01-30T08:00:00Z"),
        ("${moment(session_time).format('YYYY-MM-DD HH:mm:ss Z')}", "2016-01-30 08:00:00 +00:00"),
        ("${moment(session_time)}", #""2016-01-30T08:00:00.000Z""#),
    ])
    func utcWorkflow(template: String, expected: String) {
        #expect(renderOrError(template, scope: MomentTests.losAngeles, timeZone: "UTC") == expected)
    }

    @Test func londonInWinterIsLocalNotUTC() {
        #expect(renderOrError("${moment(session_time).format()}", scope: MomentTests.losAngeles, timeZone: "Europe/London")
            == "2016-01-30T08:00:00+00:00")
    }
}
