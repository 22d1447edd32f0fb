/// What the scheduler does with slots it missed (server down, schedule disabled, `end` extended):
/// the `catch_up:` schedule option, which Digdag does not have (it always runs every missed slot,
/// all at once). See ``CatchUpPlanner`` for the exact rules.
public enum CatchUpPolicy: String, Sendable, CaseIterable {
    /// Run every missed slot, oldest first, one attempt at a time (the default).
    case all
    /// Run only the newest missed slot and skip the older ones.
    case latest
    /// Skip missed slots; run only slots that are due now.
    case none
}
