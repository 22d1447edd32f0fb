import DigdagAPI
import DigdagCore
import DigdagExpression
import DigdagProject
import Foundation

/// The bodies of the fuzz targets. Errors are expected answers to bad input; only traps, hangs
/// and broken invariants are findings.
enum FuzzTargets {
    /// A `.dig` file: Digdag's YAML rules, then the workflow file checks, the compiler and the
    /// task state machine.
    static func dig(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let config = try? DigdagYAML.parse(text, directory: nil),
            let file = try? WorkflowFile(name: "fuzz", config: config),
            let tasks = try? WorkflowCompiler().compileWorkflow(name: file.name, config: file.tasks)
        else { return }
        precondition(!tasks.isEmpty, "a compiled workflow has its root task")
        _ = try? AttemptState(workflow: tasks)
    }

    /// The `${...}` scanner: it never crashes, and its segments never hold more text than the
    /// template (no byte is duplicated; `${`, `}` and escapes are dropped, so fewer is fine).
    static func template(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let segments = TemplateSegment.split(text)
        let covered = segments.reduce(0) { total, segment in
            switch segment {
            case .literal(let s), .expression(let s): total + s.utf8.count
            }
        }
        precondition(covered <= text.utf8.count, "segments hold more text than the template")
    }

    /// A `schedule:` value (YAML) in a time zone named by the first line, then the slots it yields.
    static func schedule(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let (zoneName, body) = text.firstLineSplit()
        let zone = TimeZone(identifier: zoneName) ?? TimeZone(identifier: "UTC")!
        if let pattern = try? CronPattern(body) { _ = pattern.description }
        guard let value = try? DigdagYAML.parseValue(body),
            let definition = try? ScheduleDefinition(value: value, timeZone: zone)
        else { return }
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        var slot = definition.firstSlot(atOrAfterRunTime: start)
        for _ in 0..<4 {
            let next = definition.nextSlot(after: slot)
            // An ended schedule stays on its parked slot (9999-01-01); any other moves forward.
            precondition(
                next.sessionTime > slot.sessionTime || (next == slot && next == .parked), "schedule slots move forward")
            slot = next
        }
        _ = definition.previousSessionTime(before: slot.sessionTime)
    }

    /// JSON request bodies: what parses renders and parses back to the same value.
    static func json(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let value = try? JSONConfigParser.parse(text) else { return }
        let rendered = JSONText.compact(value)
        guard let again = try? JSONConfigParser.parse(rendered) else {
            preconditionFailure("rendered JSON does not parse: \(rendered)")
        }
        precondition(JSONText.compact(again) == rendered, "JSON round trip changed the value")
        // Every typed read a request handler makes of a body field.
        guard let reader = try? JSONObjectReader(value) else { return }
        for key in reader.object.keys {
            _ = reader.optionalId(key)
            _ = reader.optionalInt(key)
            _ = reader.optionalString(key)
            _ = try? reader.bool(key)
            _ = try? reader.optionalInstant(key)
            _ = try? reader.offsetDateTime(key)
            _ = try? reader.config(key)
            _ = try? reader.array(key)
        }
    }

    /// Tar streams as a pushed project archive carries them (gzipped here, so that the fuzzer's
    /// mutations reach the tar reader and the path checks rather than the gzip checksum).
    static func tar(_ bytes: [UInt8]) {
        let archive = Gzip.compress(bytes, level: .fastest)
        let extractor = ProjectArchiveExtractor(limits: .server(), messages: .server)
        guard let entries = try? extractor.list(archive) else { return }
        for entry in entries {
            precondition(!entry.path.hasPrefix("/"), "an accepted entry is relative: \(entry.path)")
            precondition(!entry.path.split(separator: "/").contains(".."), "an accepted entry stays inside: \(entry.path)")
        }
    }

    /// Raw gzip: what inflates compresses and inflates back to the same bytes.
    static func gzip(_ bytes: [UInt8]) {
        _ = Gzip.decompressPrefix(bytes)
        guard let inflated = Gzip.decompress(bytes) else { return }
        precondition(Gzip.decompress(Gzip.compress(inflated, level: .fastest)) == inflated, "gzip round trip")
    }
}

extension String {
    /// The first line and the rest.
    fileprivate func firstLineSplit() -> (String, String) {
        guard let newline = firstIndex(of: "\n") else { return (self, "") }
        return (String(self[..<newline]), String(self[index(after: newline)...]))
    }
}
