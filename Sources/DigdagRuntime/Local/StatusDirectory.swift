import DigdagCore
import DigdagOperatorKit
import DigdagProject
import Dispatch
import Foundation
import Synchronization

/// `.digdag/status/<session time>/`: one YAML file per successful task, so that a second
/// `digdag run` of the same session skips what already succeeded.
public final class StatusDirectory: StatusStore {
    /// The session's directory, e.g. `/proj/.digdag/status/20230716T000000+0900`.
    public let path: URL
    /// Files are written on this queue, beside the tasks, in the order tasks succeed;
    /// `flush()` waits for it.
    private let writer = DispatchQueue(label: "digdag.status-directory")
    /// The session directory, opened once (created on first use): files are written relative to
    /// it (openat/renameat), which is about twice as fast as resolving full paths each time.
    private let directoryDescriptor = Mutex<Int32?>(nil)

    /// Status files that existed when the run started: only earlier runs' results are reused, never
    /// files this run writes (a group retry re-runs its children even though they succeeded once).
    private let earlierFiles: Set<String>

    /// Creates a handle; the directory is created on the first save.
    public init(path: URL) {
        self.path = path
        earlierFiles = Set((try? FileManager.default.contentsOfDirectory(atPath: path.path)) ?? [])
    }

    /// The saved result of a task that succeeded in an earlier run, or nil.
    public func successfulResult(of fullName: String) -> TaskResult? {
        guard earlierFiles.contains(fullName + ".yml") else { return nil }
        let file = path.appendingPathComponent(fullName + ".yml")
        guard let data = FileManager.default.contents(atPath: file.path),
            let config = try? DigdagYAML.parse(String(decoding: data, as: UTF8.self), directory: nil),
            config["state"]?.stringValue == "success",
            // `report` is written last: without it the file was cut short.
            case .object(let report)? = config.nestedOrEmpty("result")["report"], report["outputs"] != nil
        else { return nil }
        let result = config.nestedOrEmpty("result")
        return TaskResult(
            subtaskConfig: result.nestedOrEmpty("subtaskConfig"), exportParams: result.nestedOrEmpty("exportParams"),
            storeParams: result.nestedOrEmpty("storeParams"),
            resetStoreParams: result["resetStoreParams"]?.arrayValue?.map(\.textValue) ?? [])
    }

    /// Writes `<fullName>.yml` for a successful task, in the background: rendering and the
    /// file both happen on the writer queue, off the task path.
    public func save(_ task: AttemptTask) {
        let name = task.fullName + ".yml"
        writer.async { [self] in
            let text = Self.render(task)
            let descriptor = directoryDescriptor.withLock { fd -> Int32 in
                if let fd { return fd }
                try? FileManager.default.createDirectory(at: path, withIntermediateDirectories: true)
                let opened = open(path.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
                fd = opened
                return opened
            }
            if descriptor >= 0 { Self.writeReplacing(name, text, in: descriptor) }
        }
    }

    /// The status file of a successful task, as Digdag's `ResumeStateManager` writes it.
    static func render(_ task: AttemptTask) -> String {
        let content: Config = [
            "fullName": .string(task.fullName),
            "state": "success",
            "result": .object([
                "subtaskConfig": .object(task.subtaskConfig),
                "exportParams": .object(task.exportParams),
                "resetStoreParams": .array(task.resetStoreParams.map { .string($0) }),
                "storeParams": .object(task.storeParams),
                "report": ["inputs": [], "outputs": []],
            ]),
        ]
        return JacksonYAML.render(content)
    }

    /// Waits until every saved result is on disk.
    public func flush() {
        writer.sync {}
    }

    deinit {
        directoryDescriptor.withLock { fd in
            if let fd, fd >= 0 { close(fd) }
        }
    }

    /// Writes a file in place: one directory entry per task (a temporary name and a rename cost
    /// twice the metadata work on a journaling disk). A crash mid-write leaves a file without its
    /// last key, which ``successfulResult(of:)`` does not trust: that task just runs again.
    private static func writeReplacing(_ target: String, _ text: String, in directory: Int32) {
        let fd = openat(directory, target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        var bytes = Array(text.utf8)
        let complete = bytes.withUnsafeMutableBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
        close(fd)
        if !complete { unlinkat(directory, target, 0) }
    }

    /// The newest session time under `statusRoot` with a status file of `workflow`
    /// (`+<workflow>+...yml` or `+<workflow>^...yml`).
    public static func lastSessionTime(in statusRoot: URL, workflow: String) -> Date? {
        let fm = FileManager.default
        guard let entries = try? fm.contentsOfDirectory(atPath: statusRoot.path) else { return nil }
        var times: [Date] = []
        for name in entries {
            guard let time = parseDirectoryName(name) else { continue }
            let dir = statusRoot.appendingPathComponent(name).path
            guard let files = try? fm.contentsOfDirectory(atPath: dir) else { continue }
            let matches = files.contains { file in
                file.hasSuffix(".yml")
                    && (file.hasPrefix("+\(workflow)+") || file.hasPrefix("+\(workflow)^"))
            }
            if matches { times.append(time) }
        }
        return times.max()
    }

    /// Parses `yyyyMMdd'T'HHmmssxx`.
    static func parseDirectoryName(_ name: String) -> Date? {
        let c = Array(name)
        guard c.count == 20, c[8] == "T", c[15] == "+" || c[15] == "-" else { return nil }
        func num(_ r: Range<Int>) -> Int? { Int(String(c[r])) }
        guard let y = num(0..<4), let mo = num(4..<6), let d = num(6..<8), let h = num(9..<11),
            let mi = num(11..<13), let s = num(13..<15), let oh = num(16..<18), let om = num(18..<20),
            let zone = TimeZone(secondsFromGMT: (c[15] == "-" ? -1 : 1) * (oh * 3600 + om * 60))
        else { return nil }
        return ZonedTime.at(year: y, month: mo, day: d, hour: h, minute: mi, second: s, zone: zone)
    }
}
