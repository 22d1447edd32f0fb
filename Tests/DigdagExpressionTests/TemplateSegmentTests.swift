import DigdagExpression
import Testing

@Suite("Template scanner (extended syntax)")
struct TemplateSegmentTests {
    @Test(arguments: [
        ("plain text", [TemplateSegment.literal("plain text")]),
        ("${a}", [.expression("a")]),
        ("x ${a} y", [.literal("x "), .expression("a"), .literal(" y")]),
        ("${ {a:1}.a }", [.expression(" {a:1}.a ")]),
        ("${(function(){return {b:2}})().b}", [.expression("(function(){return {b:2}})().b")]),
        ("echo $$", [.literal("echo $")]),
        ("$$$$", [.literal("$$")]),
        ("$$$", [.literal("$$")]),
        ("$${x}", [.literal("$"), .expression("x")]),
        ("${secret:x}", [.literal("${secret:x}")]),
        ("${secret:${k}}", [.literal("${secret:"), .expression("k"), .literal("}")]),
        ("${var:-default}", [.literal("${var:-default}")]),
        ("${Secret:x}", [.expression("Secret:x")]),
        ("${a", [.literal("${a")]),
        ("a $${b", [.literal("a $${b")]),  // "a $" before `${`, then "${b" unterminated
        ("x ${", [.literal("x ${")]),
        ("${}", []),
        ("a${}b", [.literal("ab")]),
        ("$HOME and $5 and $", [.literal("$HOME and $5 and $")]),
        ("${'$'}{HOME}", [.expression("'$'"), .literal("{HOME}")]),
        ("${'}'}", [.expression("'"), .literal("'}")]),
        ("${a}${b}", [.expression("a"), .expression("b")]),
        ("${a} ${b", [.expression("a"), .literal(" ${b")]),
        ("é${a}ü", [.literal("é"), .expression("a"), .literal("ü")]),
    ])
    func split(template: String, expected: [TemplateSegment]) {
        #expect(TemplateSegment.split(template) == expected)
    }
}
