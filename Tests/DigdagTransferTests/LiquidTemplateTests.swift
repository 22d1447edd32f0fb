import Foundation
import Testing

@testable import DigdagTransfer

/// Embulk's `.yml.liquid` rendering.
@Suite struct LiquidTemplateTests {
    func render(_ source: String, env: [String: String] = [:], files: [String: String] = [:]) throws -> String {
        let template = try LiquidTemplate(source, name: "config.yml.liquid")
        return try template.render(variables: ["env": .object(env.mapValues(LiquidValue.string))]) { name in
            guard let text = files[name] else { throw TransferError.config("no include \(name)") }
            return try LiquidTemplate(text, name: name)
        }
    }

    @Test(arguments: [
        ("host: {{ env.mysql_host }}", "host: db.example"),
        ("host: {{env.mysql_host}}", "host: db.example"),
        ("port: {{ env.PORT | default: 3306 }}", "port: 3306"),
        ("user: {{ env['mysql_user'] | upcase }}", "user: ETL"),
        ("x: {{ env.missing }}.", "x: ."),
        ("t: {{ 'a,b' | split: ',' | join: '-' }}", "t: a-b"),
        ("n: {{ 3 | plus: 4 | times: 2 }}", "n: 14"),
        ("q: {{ env.mysql_user | append: '_x' | replace: '_', '-' }}", "q: etl-x"),
        ("{% if env.mysql_user == 'etl' %}yes{% else %}no{% endif %}", "yes"),
        ("{% unless env.missing %}none{% endunless %}", "none"),
        ("{% assign t = 'logs' %}table: {{ t }}", "table: logs"),
        ("{% for i in (1..3) %}{{ i }}{% endfor %}", "123"),
        ("{% case env.mysql_user %}{% when 'a' %}A{% when 'etl' %}E{% endcase %}", "E"),
        ("a{% comment %} {% weird %} {% endcomment %}b", "ab"),
        ("{% raw %}{{ not_rendered }}{% endraw %}", "{{ not_rendered }}"),
        ("a  {%- if true -%}  b  {%- endif -%}  c", "abc"),
        ("{% capture x %}in{% endcapture %}{{ x | size }}", "2"),
    ])
    func rendersConstructs(_ source: String, _ expected: String) throws {
        #expect(try render(source, env: ["mysql_host": "db.example", "mysql_user": "etl"]) == expected)
    }

    @Test func includesUnderscoreFiles() throws {
        let text = try render("{% include 'in_mysql' %}out:\n  type: stdout\n",
            env: ["H": "h1"], files: ["in_mysql": "in:\n  host: {{ env.H }}\n"])
        #expect(text == "in:\n  host: h1\nout:\n  type: stdout\n")
    }

    @Test func includeReadsFilesNextToTheConfig() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("liquid-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "in:\n  type: mysql\n".write(to: directory.appendingPathComponent("_in_mysql.yml.liquid"), atomically: true, encoding: .utf8)
        let config = directory.appendingPathComponent("config.yml.liquid").path
        try "{% include 'in_mysql' %}out:\n  type: {{ env.OUT }}\n".write(toFile: config, atomically: true, encoding: .utf8)
        let loaded = try EmbulkConfigLoader.load(path: config, environment: ["OUT": "stdout"])
        #expect(loaded["in"]?.objectValue?["type"] == "mysql")
        #expect(loaded["out"]?.objectValue?["type"] == "stdout")
    }

    @Test func unsupportedTagAndFilterAreNamed() throws {
        #expect(throws: TransferError.self) { try render("{% tablerow x in y %}{% endtablerow %}") }
        do {
            _ = try render("{% tablerow x in y %}")
        } catch let error as TransferError {
            #expect(error.message.contains("'{% tablerow %}' is not supported"))
        }
        do {
            _ = try render("{{ env.X | frobnicate }}")
            Issue.record("expected an error")
        } catch let error as TransferError {
            #expect(error.message.contains("filter 'frobnicate' is not supported"))
        }
    }

    @Test func unclosedTagsFail() {
        #expect(throws: TransferError.self) { try render("{% if true %}x") }
        #expect(throws: TransferError.self) { try render("{{ env.X ") }
    }
}
