import Foundation

/// The attempt contexts of this node, built once per attempt and shared while tasks of it run
/// here (the owner's loop and queued tasks alike); an unused one is dropped, workspace and all,
/// when its owner finishes or after it was idle for `linger`.
actor AttemptContexts {
    private enum Entry {
        case building([CheckedContinuation<Result<AttemptContext, any Error>, Never>])
        case ready(AttemptContext, users: Int, idleSince: Date?)
    }

    private var entries: [Int64: Entry] = [:]
    private let linger: TimeInterval

    init(linger: TimeInterval = 10) {
        self.linger = linger
    }

    /// The context of attempt `id`, built by `build` unless another caller built or builds it.
    func acquire(_ id: Int64, build: @Sendable () async throws -> AttemptContext) async throws -> AttemptContext {
        switch entries[id] {
        case .ready(let context, let users, _):
            entries[id] = .ready(context, users: users + 1, idleSince: nil)
            return context
        case .building(var waiters):
            let result = await withCheckedContinuation { continuation in
                waiters.append(continuation)
                entries[id] = .building(waiters)
            }
            return try result.get()
        case nil:
            entries[id] = .building([])
            let result: Result<AttemptContext, any Error>
            do {
                result = .success(try await build())
            } catch {
                result = .failure(error)
            }
            guard case .building(let waiters) = entries[id] else { return try result.get() }
            switch result {
            case .success(let context): entries[id] = .ready(context, users: 1 + waiters.count, idleSince: nil)
            case .failure: entries[id] = nil
            }
            for waiter in waiters { waiter.resume(returning: result) }
            return try result.get()
        }
    }

    /// Gives back a context; with `drop` (its attempt is over here) it goes once unused.
    func release(_ id: Int64, drop: Bool = false, now: Date = Date()) {
        guard case .ready(let context, let users, _) = entries[id] else { return }
        if users <= 1 {
            if drop {
                remove(id, context)
            } else {
                entries[id] = .ready(context, users: 0, idleSince: now)
            }
        } else {
            entries[id] = .ready(context, users: users - 1, idleSince: nil)
        }
    }

    /// Drops contexts unused for longer than `linger`.
    func evictIdle(now: Date = Date()) {
        for (id, entry) in entries {
            if case .ready(let context, 0, let since?) = entry, now.timeIntervalSince(since) > linger {
                remove(id, context)
            }
        }
    }

    private func remove(_ id: Int64, _ context: AttemptContext) {
        entries[id] = nil
        try? FileManager.default.removeItem(at: context.spec.projectPath)
    }
}
