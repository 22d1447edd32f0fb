import DigdagProject
import Testing

@Suite("Time zone names")
struct ZoneIdentifierTests {
    @Test(arguments: [
        ("UTC", "UTC"), ("Z", "Z"), ("Asia/Tokyo", "Asia/Tokyo"), ("America/Los_Angeles", "America/Los_Angeles"),
        ("+09:00", "+09:00"), ("+9", "+09:00"), ("-0330", "-03:30"), ("+00:00", "Z"), ("UTC+9", "UTC+09:00"),
        ("GMT-03:30", "GMT-03:30"), ("UTC+0", "UTC"), ("GMT", "GMT"), ("Japan", "Japan"), ("EST", "EST"),
    ])
    func accepted(id: String, normalized: String) throws {
        #expect(try ZoneIdentifier.normalize(id) == normalized)
    }

    @Test(arguments: [
        ("JST", "Unknown time-zone ID: JST"), ("PST", "Unknown time-zone ID: PST"),
        ("Mars/Olympus", "Unknown time-zone ID: Mars/Olympus"),
        ("+9:00", "Invalid ID for ZoneOffset, invalid format: +9:00"),
        ("+19", "Zone offset hours not in valid range: value 19 is not in the range -18 to 18"),
        ("Asia Tokyo", "Invalid ID for region-based ZoneId, invalid format: Asia Tokyo"),
        ("X", "Invalid zone: X"),
    ])
    func rejected(id: String, message: String) {
        #expect(throws: ZoneIdentifier.Invalid.self) { try ZoneIdentifier.normalize(id) }
        do {
            _ = try ZoneIdentifier.normalize(id)
        } catch {
            #expect(error.message == message)
        }
    }
}
