import DigdagRuntime
import Testing

/// Task slots: a bounded wait either gets a slot released in time or gives up, in arrival order.
@Suite struct TaskSlotsTests {
    @Test func aBoundedWaitGivesUpOrGetsTheNextReleasedSlot() async throws {
        let slots = TaskSlots(limit: 1)
        #expect(await slots.tryAcquire())
        #expect(await slots.tryAcquire() == false)
        #expect(await slots.acquire(within: .milliseconds(20)) == false)

        async let waited = slots.acquire(within: .seconds(10))
        try await Task.sleep(for: .milliseconds(50))
        await slots.release()
        #expect(await waited)
        #expect(await slots.tryAcquire() == false)
        await slots.release()
        #expect(await slots.tryAcquire())
        await slots.release()
    }

    @Test func anExpiredWaiterDoesNotTakeALaterSlot() async throws {
        let slots = TaskSlots(limit: 1)
        await slots.acquire()
        for _ in 0..<50 { #expect(await slots.acquire(within: .zero) == false) }
        await slots.release()
        // The released slot is free, not held by any of the expired waiters.
        #expect(await slots.tryAcquire())
    }
}
