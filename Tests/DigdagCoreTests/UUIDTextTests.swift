import DigdagCore
import Foundation
import Testing

@Suite struct UUIDTextTests {
    @Test func matchesFoundation() throws {
        for _ in 0..<200 {
            let uuid = UUID()
            #expect(UUIDText.lowercase(uuid) == uuid.uuidString.lowercased())
            #expect(UUIDText.parse(uuid.uuidString) == uuid)
            #expect(UUIDText.parse(uuid.uuidString.lowercased()) == uuid)
        }
        let fixed = try #require(UUID(uuidString: "00000000-0000-0000-0000-0000000000FF"))
        #expect(UUIDText.lowercase(fixed) == "00000000-0000-0000-0000-0000000000ff")
    }

    @Test func rejectsMalformedText() {
        for text in [
            "", "ce79551e-18fd-49fd-b184-caf86a0cfb7", "ce79551e-18fd-49fd-b184-caf86a0cfb799",
            "ce79551e18fd-49fd-b184-caf86a0cfb79-", "ge79551e-18fd-49fd-b184-caf86a0cfb79",
            "ce79551e-18fd-49fd-b184-caf86a0cfb7é",
        ] {
            #expect(UUIDText.parse(text) == nil, "\(text)")
        }
    }
}
