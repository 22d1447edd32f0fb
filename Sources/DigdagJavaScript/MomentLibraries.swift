import Foundation
import DigdagExpression

/// Where moment.js, moment-timezone and the time zone data are read from at run time.
public struct MomentLibraries: Sendable, Equatable {
    /// `moment.min.js`.
    public var momentPath: String
    /// `moment-timezone.min.js` (without bundled data).
    public var momentTimezonePath: String
    /// The packed zone data loaded with `moment.tz.load` (e.g. `latest.json`).
    public var timeZoneDataPath: String

    /// Creates a set of library paths.
    public init(momentPath: String, momentTimezonePath: String, timeZoneDataPath: String) {
        self.momentPath = momentPath
        self.momentTimezonePath = momentTimezonePath
        self.timeZoneDataPath = timeZoneDataPath
    }

    /// The files of the Debian packages libjs-moment and libjs-moment-timezone.
    public static let debian = MomentLibraries(
        momentPath: "/usr/share/javascript/moment/moment.min.js",
        momentTimezonePath: "/usr/share/javascript/moment-timezone/moment-timezone.min.js",
        timeZoneDataPath: "/usr/share/javascript/moment-timezone/data/packed/latest.json"
    )

    /// The three files' bytes, read once per engine (kept as bytes: the 885 KB zone data is only
    /// searched, and the scripts usually run from cached bytecode).
    struct Sources: Sendable {
        var moment: [UInt8]
        var momentTimezone: [UInt8]
        var timeZoneData: [UInt8]
    }

    /// Reads the three files.
    func read() throws(ExpressionError) -> Sources {
        Sources(
            moment: try Self.contents(of: momentPath),
            momentTimezone: try Self.contents(of: momentTimezonePath),
            timeZoneData: try Self.contents(of: timeZoneDataPath)
        )
    }

    private static func contents(of path: String) throws(ExpressionError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ExpressionError("Error: moment.js is not available: cannot read \(path)")
        }
        return [UInt8](data)
    }
}
