import DigdagProject
import Testing

@Suite(".digdagignore matching")
struct GitIgnoreMatcherTests {
    static let cases: [(rules: String, path: String, isDirectory: Bool, ignored: Bool)] = [
        ("*.dig", "a.dig", false, true),
        ("*.dig", "sub/a.dig", false, true),
        ("*.dig\n!keep.dig", "keep.dig", false, false),
        ("!keep.dig\n*.dig", "keep.dig", false, true),
        ("tmp/", "tmp", true, true),
        ("tmp/", "tmp", false, false),
        ("tmp/", "tmp/a.dig", false, true),
        ("/top.dig", "top.dig", false, true),
        ("/top.dig", "sub/top.dig", false, false),
        ("sub/*.dig", "sub/a.dig", false, true),
        ("sub/*.dig", "sub/deep/a.dig", false, false),
        ("**/gen.dig", "a/b/gen.dig", false, true),
        ("a/**/z.dig", "a/z.dig", false, true),
        ("a/**/z.dig", "a/b/c/z.dig", false, true),
        ("logs/**", "logs/x", false, true),
        ("w?.dig", "wf.dig", false, true),
        ("w?.dig", "wff.dig", false, false),
        ("[ab].dig", "b.dig", false, true),
        ("[!ab].dig", "b.dig", false, false),
        ("# comment\n\n  \nx.dig   ", "x.dig", false, true),
        ("\\#hash.dig", "#hash.dig", false, true),
        ("other.dig", "wf.dig", false, false),
    ]

    @Test(arguments: cases)
    func matching(rules: String, path: String, isDirectory: Bool, ignored: Bool) {
        #expect(GitIgnoreMatcher(rules).isIgnored(path, isDirectory: isDirectory) == ignored)
    }
}
