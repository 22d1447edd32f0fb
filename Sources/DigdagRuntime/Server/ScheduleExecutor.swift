import DigdagCore
import DigdagStorage
import Foundation
import Logging
import ServiceLifecycle

/// Starts scheduled sessions. It sleeps until the earliest next run time (or until woken by a
/// push, an enable, a reschedule, or a finished attempt when a due slot waits for one) and then
/// asks the pure `CatchUpPlanner` what to do with each due schedule: start its slot, skip it, or
/// wait. Missed slots after
/// downtime therefore run one after another, oldest first, never all at once (`catch_up`).
/// Several servers on one database are safe: each slot is taken by compare-and-set on the
/// schedule's next session time, and sessions are unique per time.
public actor ScheduleExecutor: Service {
    let storage: any DigdagStorage
    let launcher: AttemptLauncher
    let logger: Logger
    /// Longest sleep, so that changes made by other servers are seen.
    let maxSleep: TimeInterval
    private var wakeUp: AsyncStream<Void>.Continuation?
    /// The slot each schedule was last logged as waiting for, so each queued slot is logged once.
    private var loggedWaits: [Int: Int64] = [:]
    let executor: AttemptExecutor

    /// `schedule.catch_up`: the policy of schedules without a `catch_up:` key (default `all`).
    let defaultCatchUp: CatchUpPolicy?
    /// `executor.attempt_max_run`: no scheduled slot starts while this many attempts run.
    let maxActiveAttempts: Int

    /// Creates the scheduler.
    public init(
        storage: any DigdagStorage, launcher: AttemptLauncher, logger: Logger, maxSleep: TimeInterval = 30,
        defaultCatchUp: CatchUpPolicy? = nil, maxActiveAttempts: Int = 100
    ) {
        self.defaultCatchUp = defaultCatchUp
        self.maxActiveAttempts = maxActiveAttempts
        self.storage = storage
        self.launcher = launcher
        self.executor = launcher.executor
        self.logger = logger
        self.maxSleep = maxSleep
    }

    /// True when the last pass left a due slot waiting for a running attempt or for the attempt
    /// limit: only then does an attempt's end make the loop look again.
    private var waitsForAttempts = false
    /// Attempts ended so far, to see whether one ended during a pass.
    private var finishedAttempts = 0

    /// Re-reads the schedules now (after a push, enable or reschedule).
    public func wake() {
        wakeUp?.yield()
    }

    /// An attempt of this node ended: looks again if a due slot waits for one.
    public func attemptFinished() {
        finishedAttempts += 1
        if waitsForAttempts { wakeUp?.yield() }
    }

    /// Runs until graceful shutdown.
    public func run() async throws {
        let (events, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        wakeUp = continuation
        await withGracefulShutdownHandler {
            var iterator = events.makeAsyncIterator()
            var timer: Task<Void, Never>?
            while true {
                let delay = await tick(now: Date())
                // The next deadline wakes the loop, as does `wake()`; a woken loop replaces the
                // pending timer, so bursts of wake-ups (attempts ending) leave no stale timers.
                timer?.cancel()
                timer = Task {
                    guard (try? await Task.sleep(for: .milliseconds(Int(max(0.005, delay) * 1000)))) != nil else { return }
                    continuation.yield()
                }
                if await iterator.next() == nil { break }
            }
            timer?.cancel()
        } onGracefulShutdown: {
            continuation.finish()
        }
    }

    /// Handles every due schedule; returns seconds until the next deadline.
    func tick(now: Date) async -> TimeInterval {
        let finishedBefore = finishedAttempts
        waitsForAttempts = false
        defer {
            // An attempt that ended during the pass may be the one a slot now waits for.
            if waitsForAttempts, finishedAttempts != finishedBefore { wakeUp?.yield() }
        }
        var nextDeadline = now.addingTimeInterval(maxSleep)
        do {
            let due = try await storage.dueSchedules(now: Int64(now.timeIntervalSince1970.rounded(.down)), limit: 500)
            for schedule in due {
                if let until = await handle(schedule, now: now), until < nextDeadline { nextDeadline = until }
            }
            if let earliest = try await storage.earliestRunTime() {
                let at = Date(timeIntervalSince1970: Double(earliest))
                if at > now, at < nextDeadline { nextDeadline = at }
            }
        } catch {
            logger.error("Scheduler failed to read schedules: \(error)")
            nextDeadline = now.addingTimeInterval(5)
        }
        return max(0, nextDeadline.timeIntervalSince(now))
    }

    /// Applies the planner to one schedule until it has to wait; returns when to look again.
    private func handle(_ schedule: StoredSchedule, now: Date) async -> Date? {
        let zone = ZoneNames.zone(schedule.timeZone) ?? .gmt
        guard case .object(var config)? = schedule.workflowConfig["schedule"] else { return nil }
        if config["catch_up"] == nil, let defaultCatchUp { config["catch_up"] = .string(defaultCatchUp.rawValue) }
        guard let definition = try? ScheduleDefinition(config: config, timeZone: zone) else { return nil }
        let planner = CatchUpPlanner(definition: definition)
        var current = schedule
        for _ in 0..<10_000 {
            let next = ScheduleSlot(
                sessionTime: Date(timeIntervalSince1970: Double(current.nextScheduleTime)),
                runTime: Date(timeIntervalSince1970: Double(current.nextRunTime)))
            let running: Bool
            do {
                running = try await storage.hasRunningAttempt(projectId: current.projectId, workflowName: current.workflowName)
            } catch {
                return now.addingTimeInterval(5)
            }
            switch planner.decide(next: next, now: now, attemptRunning: running) {
            case .wait(let until):
                if next.runTime <= now { waitsForAttempts = true }
                if next.runTime <= now, loggedWaits[current.id] != current.nextScheduleTime {
                    loggedWaits[current.id] = current.nextScheduleTime
                    logger.info(
                        "Queued a missed slot of schedule id=\(current.id) (\(current.projectName)/\(current.workflowName)) session_time=\(ZonedTime(next.sessionTime, zone).isoOffset): waiting for the running attempt")
                }
                return until
            case .skip(let slot, let reason, let advanceTo):
                logger.info(
                    "Skipped a slot of schedule id=\(current.id) (\(current.projectName)/\(current.workflowName)) session_time=\(ZonedTime(slot.sessionTime, zone).isoOffset): \(reason.rawValue)")
                guard let moved = await advance(current, to: advanceTo, lastSessionTime: current.lastSessionTime, now: now)
                else { return nil }
                current = moved
            case .start(let slot, _, let advanceTo):
                // Digdag's attempt limit: keep the slot and look again later.
                if let active = try? await storage.activeAttemptCount(), active >= maxActiveAttempts {
                    waitsForAttempts = true
                    logger.warning(
                        "Too many attempts running (limit \(maxActiveAttempts)); schedule id=\(current.id) waits")
                    return now.addingTimeInterval(60)
                }
                let sessionTime = Int64(slot.sessionTime.timeIntervalSince1970.rounded(.down))
                // Take the slot first: only the server that moves the schedule starts it.
                guard let moved = await advance(current, to: advanceTo, lastSessionTime: sessionTime, now: now)
                else { return nil }
                RuntimeMetrics.scheduleSlotStarted(lateness: now.timeIntervalSince(slot.runTime))
                await start(current, sessionTime: sessionTime, zone: zone, now: now)
                current = moved
            }
        }
        return nil
    }

    private func advance(_ schedule: StoredSchedule, to slot: ScheduleSlot, lastSessionTime: Int64?, now: Date) async
        -> StoredSchedule?
    {
        let times = ScheduleTimes(
            nextRunTime: Int64(slot.runTime.timeIntervalSince1970.rounded(.down)),
            nextScheduleTime: Int64(slot.sessionTime.timeIntervalSince1970.rounded(.down)),
            lastSessionTime: lastSessionTime)
        do {
            guard
                try await storage.advanceSchedule(
                    id: schedule.id, expectedScheduleTime: schedule.nextScheduleTime, to: times, now: now)
            else { return nil }
        } catch {
            logger.error("Failed to update schedule id=\(schedule.id): \(error)")
            return nil
        }
        var moved = schedule
        moved.nextRunTime = times.nextRunTime
        moved.nextScheduleTime = times.nextScheduleTime
        moved.lastSessionTime = times.lastSessionTime
        return moved
    }

    private func start(_ schedule: StoredSchedule, sessionTime: Int64, zone: TimeZone, now: Date) async {
        let shown = ZonedTime(Date(timeIntervalSince1970: Double(sessionTime)), zone).isoOffset
        do {
            guard let workflow = try await storage.workflow(id: schedule.workflowDefinitionId) else { return }
            let creation = try await launcher.launch(
                workflow, sessionTime: sessionTime, retryAttemptName: nil, params: [:],
                lastExecutedSessionTime: schedule.lastSessionTime, now: now)
            if case .conflict = creation {
                logger.info("Session already exists for schedule id=\(schedule.id) session_time=\(shown); skipped")
            } else {
                logger.info("Started a scheduled session of schedule id=\(schedule.id) session_time=\(shown)")
            }
        } catch {
            logger.error("Failed to start schedule id=\(schedule.id) session_time=\(shown): \(error)")
        }
    }
}
