/// Why a slot was skipped.
public enum ScheduleSkipReason: String, Sendable, CaseIterable {
    /// `skip_delayed_by`: now is later than the run time plus that duration (Digdag).
    case delayedBy = "skip_delayed_by"
    /// `skip_on_overtime: true` and an attempt of the workflow is still running (Digdag).
    case overtime = "skip_on_overtime"
    /// `catch_up: latest` and a newer slot is also due.
    case newerSlotDue = "catch_up_latest"
    /// `catch_up: none` and the slot was missed.
    case missed = "catch_up_none"
}
