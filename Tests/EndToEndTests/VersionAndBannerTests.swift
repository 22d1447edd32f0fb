import Foundation
import Testing

@Suite("version, banner and global errors")
struct VersionAndBannerTests {
    @Test func versionPrintsOnlyTheVersion() throws {
        let result = try DigdagBinary.run(["--version"])
        #expect(result.stdout == "0.10.5\n")
        #expect(result.stderr == "")
        #expect(result.status == 0)
    }

    @Test func versionWinsAnywhereOnTheLine() throws {
        let result = try DigdagBinary.run(["run", "--bogus", "--version"])
        #expect(result.stdout == "0.10.5\n")
        #expect(result.status == 0)
    }

    @Test func bannerUsesTheMachineZone() throws {
        let result = try DigdagBinary.run(["init"], environment: ["TZ": "Asia/Tokyo"])
        let banner = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
        #expect(banner.wholeMatch(of: /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+0900: Digdag v0\.10\.5/) != nil)
    }

    @Test func noArgumentsPrintsUsageAndExitsZero() throws {
        let result = try DigdagBinary.run([])
        #expect(result.status == 0)
        #expect(result.stderrAfterBanner.hasPrefix("Usage: digdag <command> [options...]\n"))
        #expect(result.stderr.hasSuffix("Use `<command> --help` to see detailed usage of a command.\n"))
    }

    @Test func unknownCommandListsTheCommands() throws {
        let result = try DigdagBinary.run(["frobnicate"])
        #expect(result.status == 1)
        #expect(result.stderr.hasSuffix(
            "error: available commands are: [init, run, check, scheduler, server, push, archive, upload, "
                + "download, project, workflow, start, retry, session, attempts, attempt, reschedule, backfill, "
                + "log, kill, task, schedule, disable, enable, delete, secrets, version, migrate, selfupdate]\n"))
    }

    @Test(arguments: [
        (["run", "--bogus", "x.dig"], "Unknown option: --bogus"),
        (["init", "-h"], "Unknown option: -h"),
        (["run", "x.dig", "-t"], "Expected a value after parameter -t"),
        (["run", "-p", "x", "w.dig"], "Parameter -p expected a value of the form a=b but got:x"),
        (["check", "--param", "x"], "Parameter --param expected a value of the form a=b but got:x"),
        (["run", "-X", "nokey", "w.dig"], "Dynamic parameter expected a value of the form a=b but got:nokey"),
        (["run", "--max-task-threads", "many", "w.dig"], "\"--max-task-threads\": couldn't convert \"many\" to an integer"),
        (["secrets", "--local", "--set"], "Expected a value after parameter --set"),
    ])
    func parseErrorsUseJCommanderWording(arguments: [String], message: String) throws {
        let result = try DigdagBinary.run(arguments)
        #expect(result.stderrAfterBanner == "error: \(message)\n")
        #expect(result.status == 1)
        #expect(result.stdout == "")
    }

    @Test func unknownLogLevelShowsUsageAndFails() throws {
        let result = try DigdagBinary.run(["init", "-l", "bogus", "x"])
        #expect(result.status == 1)
        #expect(result.stderrAfterBanner.hasPrefix("Usage: digdag <command> [options...]\n"))
        #expect(result.stderr.hasSuffix("\nerror: Unknown log level 'bogus'\n"))
    }

    @Test(arguments: [["run", "--help"], ["r", "-help"], ["run"], ["run", "a.dig", "+b", "c"]])
    func runUsageExitsZero(arguments: [String]) throws {
        let result = try DigdagBinary.run(arguments)
        #expect(result.status == 0)
        #expect(result.stderrAfterBanner.hasPrefix("Usage: digdag run <workflow.dig> [+task] [options...]\n"))
        #expect(!result.stderr.contains("error:"))
    }

    @Test(arguments: [
        (["-a", "-s", "+x"], "-a, --rerun and -s, --start don't work together"),
        (["--rerun", "-g", "+x"], "-a, --rerun and -g, --goal don't work together"),
        (["-s", "+x", "-g", "+y"], "-s, --start and -g, --goal don't work together"),
        (["-g", "+x", "-e", "+y"], "-s, --start and -e, --end don't work together"),
    ])
    func forbiddenRunCombinations(options: [String], message: String) throws {
        let result = try DigdagBinary.run(["run", "w.dig"] + options)
        #expect(result.status == 1)
        #expect(result.stderrAfterBanner.hasPrefix("Usage: digdag run"))
        #expect(result.stderr.hasSuffix("\nerror: \(message)\n"))
    }

    @Test func missingConfigFileIsReported() throws {
        let result = try DigdagBinary.run(["run", "-c", "/nonexistent/digdag.properties", "w.dig"])
        #expect(result.status == 1)
        #expect(result.stderrAfterBanner == "error: /nonexistent/digdag.properties (no such file)\n")
    }
}
