import Foundation
import Testing

/// `digdag run` of a scheduled workflow gets `last_session_*` and `next_session_*` params, as
/// Digdag's `AttemptBuilder.buildSessionParameters` gives every attempt, local ones included.
@Suite("digdag run: schedule session params")
struct RunScheduleParamsTests {
    static let echo = """
        +show:
          echo>: "L=${last_session_time} N=${next_session_time} LD=${last_session_date} LC=${last_session_date_compact} LL=${last_session_local_time} LZ=${last_session_tz_offset} LU=${last_session_unixtime} ND=${next_session_date} NC=${next_session_date_compact} NL=${next_session_local_time} NZ=${next_session_tz_offset} NU=${next_session_unixtime}"

        """

    struct Case: Sendable, CustomStringConvertible {
        var header: String
        var session: String
        var expected: String
        var description: String { header.replacingOccurrences(of: "\n", with: " ") }
    }

    @Test(arguments: [
        Case(
            header: "timezone: UTC\nschedule:\n  daily>: 07:00:00\n", session: "2023-03-10",
            expected: "L=2023-03-09T00:00:00+00:00 N=2023-03-11T00:00:00+00:00 LD=2023-03-09 LC=20230309 "
                + "LL=2023-03-09 00:00:00 LZ=+0000 LU=1678320000 ND=2023-03-11 NC=20230311 NL=2023-03-11 00:00:00 "
                + "NZ=+0000 NU=1678492800"),
        Case(
            header: "timezone: Asia/Tokyo\nschedule:\n  hourly>: 30:00\n", session: "2023-03-10 00:00:00",
            expected: "L=2023-03-09T23:00:00+09:00 N=2023-03-10T01:00:00+09:00 LD=2023-03-09 LC=20230309 "
                + "LL=2023-03-09 23:00:00 LZ=+0900 LU=1678370400 ND=2023-03-10 NC=20230310 NL=2023-03-10 01:00:00 "
                + "NZ=+0900 NU=1678377600"),
        Case(
            header: "timezone: Asia/Tokyo\nschedule:\n  cron>: '0 */6 * * *'\n", session: "2023-03-10 06:00:00",
            expected: "L=2023-03-10T00:00:00+09:00 N=2023-03-10T12:00:00+09:00 LD=2023-03-10 LC=20230310 "
                + "LL=2023-03-10 00:00:00 LZ=+0900 LU=1678374000 ND=2023-03-10 NC=20230310 NL=2023-03-10 12:00:00 "
                + "NZ=+0900 NU=1678417200"),
        Case(
            header: "timezone: America/Los_Angeles\nschedule:\n  daily>: 01:00:00\n", session: "2023-03-12",
            expected: "L=2023-03-11T00:00:00-08:00 N=2023-03-13T00:00:00-07:00 LD=2023-03-11 LC=20230311 "
                + "LL=2023-03-11 00:00:00 LZ=-0800 LU=1678521600 ND=2023-03-13 NC=20230313 NL=2023-03-13 00:00:00 "
                + "NZ=-0700 NU=1678690800"),
    ])
    func scheduledWorkflowGetsLastAndNextSessionTimes(_ test: Case) throws {
        let project = try RunProject(["wf.dig": test.header + Self.echo])
        let result = try project.run(["run", "wf.dig", "--session", test.session])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(test.expected + "\n"), "\(result.stdout)")
    }

    @Test func unscheduledWorkflowHasNone() throws {
        let project = try RunProject(["wf.dig": "+a:\n  echo>: ${last_session_time}\n"])
        let result = try project.run(["run", "wf.dig", "--session", "2023-03-10"])
        #expect(result.status == 1)
        #expect(result.stderrAfterBanner.contains("ReferenceError: last_session_time is not defined"))
    }
}
