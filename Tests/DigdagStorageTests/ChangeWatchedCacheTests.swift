import DigdagStorage
import Testing

/// The in-memory cache of repeated reads that a change watcher keeps fresh.
@Suite("Change-watched cache")
struct ChangeWatchedCacheTests {
    let start = ContinuousClock.now

    func watched() -> ChangeWatchedCache<String, Int> {
        let cache = ChangeWatchedCache<String, Int>(maxAge: .seconds(1), capacity: 2)
        cache.watching(true)
        return cache
    }

    func ticketOf(_ lookup: ChangeWatchedCache<String, Int>.Lookup) -> ChangeWatchedCache<String, Int>.Ticket? {
        if case .miss(let ticket) = lookup { return ticket }
        return nil
    }

    func valueOf(_ lookup: ChangeWatchedCache<String, Int>.Lookup) -> Int? {
        if case .hit(let value) = lookup { return value }
        return nil
    }

    @Test func aKeptValueIsReturnedUntilItIsTooOld() throws {
        let cache = watched()
        let ticket = try #require(ticketOf(cache.lookup("a", now: start)))
        cache.keep(1, for: "a", ticket: ticket, readAt: start)
        #expect(valueOf(cache.lookup("a", now: start + .milliseconds(999))) == 1)
        #expect(valueOf(cache.lookup("a", now: start + .seconds(1))) == nil)
        #expect(valueOf(cache.lookup("b", now: start)) == nil)
    }

    @Test func nothingIsKeptWhileNobodyWatches() {
        let cache = ChangeWatchedCache<String, Int>()
        #expect(ticketOf(cache.lookup("a")) == nil)
        let watchedCache = watched()
        let ticket = ticketOf(watchedCache.lookup("a"))
        watchedCache.watching(false)
        watchedCache.keep(1, for: "a", ticket: ticket!)
        watchedCache.watching(true)
        #expect(valueOf(watchedCache.lookup("a")) == nil)
    }

    @Test func aChangeDropsKeptValues() throws {
        let cache = watched()
        cache.keep(1, for: "a", ticket: try #require(ticketOf(cache.lookup("a"))))
        cache.invalidate()
        #expect(valueOf(cache.lookup("a")) == nil)
    }

    @Test func aReadThatBeganBeforeAChangeIsNotKept() throws {
        let cache = watched()
        let before = try #require(ticketOf(cache.lookup("a")))
        cache.invalidate()
        cache.keep(1, for: "a", ticket: before)
        #expect(valueOf(cache.lookup("a")) == nil)
        cache.keep(2, for: "a", ticket: try #require(ticketOf(cache.lookup("a"))))
        #expect(valueOf(cache.lookup("a")) == 2)
    }

    @Test func aFullCacheStartsOver() throws {
        let cache = watched()
        for key in ["a", "b", "c"] { cache.keep(1, for: key, ticket: try #require(ticketOf(cache.lookup(key)))) }
        #expect(valueOf(cache.lookup("a")) == nil)
        #expect(valueOf(cache.lookup("c")) == 1)
    }

    @Test func valueReadsOnceAndThenAnswersFromMemory() async {
        let cache = watched()
        var reads = 0
        for _ in 0..<3 {
            let got = await cache.value(for: "a") { () async -> Int in
                reads += 1
                return 7
            }
            #expect(got == 7)
        }
        #expect(reads == 1)
    }
}
