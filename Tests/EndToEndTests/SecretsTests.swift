import Foundation
import Testing

@Suite("digdag secrets --local")
struct SecretsTests {
    let home: TemporaryDirectory
    var environment: [String: String] { ["DIGDAG_CONFIG_HOME": home.url.path] }

    init() throws {
        home = try TemporaryDirectory()
    }

    @Test func setListAndDelete() throws {
        let empty = try DigdagBinary.run(["secrets", "--local"], environment: environment)
        #expect(empty.status == 0)
        #expect(empty.stdout == "")

        let set = try DigdagBinary.run(["secrets", "--local", "--set", "b.key=hello world", "a=1"], environment: environment)
        #expect(set.status == 0)
        #expect(set.stderrAfterBanner == "Secret 'b.key' set\nSecret 'a' set\n")
        #expect(try home.read("secrets/b.key") == "hello world")

        let list = try DigdagBinary.run(["secret", "--local"], environment: environment)
        #expect(list.stdout == "a\nb.key\n")

        let delete = try DigdagBinary.run(["secrets", "--local", "--delete", "a", "missing"], environment: environment)
        #expect(delete.status == 0)
        #expect(delete.stderrAfterBanner == "Secret 'a' deleted\nSecret 'missing' deleted\n")
        #expect(try DigdagBinary.run(["secrets", "--local"], environment: environment).stdout == "b.key\n")
    }

    @Test func valuesFromFilesAndStdin() throws {
        let source = home.file("value.txt")
        try "line1\nline2\n".write(to: source, atomically: true, encoding: .utf8)
        let map = home.file("map.yml")
        try "x: one\ny: 2\n".write(to: map, atomically: true, encoding: .utf8)

        let fromFile = try DigdagBinary.run(["secrets", "--local", "--set", "f=@\(source.path)"], environment: environment)
        #expect(fromFile.status == 0)
        #expect(try home.read("secrets/f") == "line1\nline2\n")

        let fromStdin = try DigdagBinary.run(["secrets", "--local", "--set", "s=-"], environment: environment, stdin: "piped")
        #expect(fromStdin.status == 0)
        #expect(try home.read("secrets/s") == "piped")

        let fromMap = try DigdagBinary.run(["secrets", "--local", "--set", "@\(map.path)"], environment: environment)
        #expect(fromMap.stderrAfterBanner == "Secret 'x' set\nSecret 'y' set\n")
        #expect(try home.read("secrets/y") == "2")

        let mapFromStdin = try DigdagBinary.run(["secrets", "--local", "--set", "@-"], environment: environment, stdin: "{\"j\": \"v\"}")
        #expect(mapFromStdin.status == 0)
        #expect(try home.read("secrets/j") == "v")
    }

    @Test(arguments: [
        (["--set", "1bad=x"], "Invalid secret key: 1bad"),
        (["--set", "a.=x"], "Invalid secret key: a."),
        (["--delete", "bad_"], "Invalid secret key: bad_"),
        (["--set", "a=1", "a=2"], "Duplicate --set secret key: 'a'"),
        (["--set", "a=-", "b=-"], "Can only read once from stdin"),
        (["--set", "a=1", "--delete", "b"], "Please specify only one of --set or --delete"),
    ])
    func invalidRequestsAreUsageErrors(options: [String], message: String) throws {
        let result = try DigdagBinary.run(["secrets", "--local"] + options, environment: environment, stdin: "")
        #expect(result.status == 1)
        #expect(result.stderrAfterBanner.hasPrefix("Usage: digdag secrets [--local]"))
        #expect(result.stderr.hasSuffix("error: \(message)\n"))
        #expect(!home.exists("secrets/a"))
    }

    @Test func serverModeNeedsAProjectOrLocal() throws {
        let result = try DigdagBinary.run(["secrets"], environment: environment)
        #expect(result.status == 1)
        #expect(result.stderr.hasSuffix("error: Please specify either --project or --local\n"))
    }
}
