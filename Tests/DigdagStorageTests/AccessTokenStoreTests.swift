import DigdagStorage
import Foundation
import Testing

@Suite("AccessTokenStore conformance")
struct AccessTokenStoreTests {
    static func token(_ name: String, hash: String, readOnly: Bool = false) -> StoredAccessToken {
        StoredAccessToken(id: 0, name: name, hash: hash, readOnly: readOnly, createdBy: "alice", createdAt: Fixtures.time())
    }

    @Test(arguments: Backend.allCases)
    func createLookUpListAndRevoke(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let ci = try await store.createAccessToken(Self.token("ci", hash: "aa"))
            let board = try await store.createAccessToken(Self.token("board", hash: "bb", readOnly: true))
            #expect(ci.id > 0 && board.id > ci.id)
            #expect(try await store.accessTokens().map(\.name) == ["ci", "board"])
            let found = try await store.accessToken(hash: "bb")
            #expect(found == board)
            #expect(found?.createdAt == Fixtures.time())
            #expect(try await store.accessToken(hash: "cc") == nil)

            await #expect(throws: StoreError.self) { try await store.createAccessToken(Self.token("ci", hash: "dd")) }
            await #expect(throws: StoreError.self) { try await store.createAccessToken(Self.token("other", hash: "aa")) }

            #expect(try await store.deleteAccessToken(id: ci.id) == ci)
            #expect(try await store.deleteAccessToken(id: ci.id) == nil)
            #expect(try await store.accessToken(hash: "aa") == nil)
            #expect(try await store.accessTokens() == [board])
        }
    }
}
