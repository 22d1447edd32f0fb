/// Column lists shared by both stores' queries (plain SQL that SQLite and PostgreSQL both accept);
/// rows are decoded by position in this order.
package enum StorageSQL {
    /// Revision columns (`r`), 8 columns.
    package static let revisionColumns = """
        r.id, r.project_id, r.name, r.created_at, r.archive_type, r.archive_md5, r.default_params, r.user_info
        """

    /// Project columns (`p`) then the latest revision (`r`, all NULL when none), 12 columns.
    package static let projectSelect = """
        SELECT p.id, COALESCE(p.name, p.deleted_name), p.created_at, p.deleted_at, \(revisionColumns)
        FROM projects p
        LEFT JOIN revisions r ON r.id = (SELECT max(id) FROM revisions WHERE project_id = p.id)
        """

    /// Workflow definition columns with their project (`p`), revision (`r`) and config (`wc`), 8 columns.
    package static let workflowColumns = """
        wd.id, wd.name, p.id, COALESCE(p.name, p.deleted_name), r.id, r.name, wc.timezone, wc.config
        """

    /// The joins `workflowColumns` reads from.
    package static let workflowFrom = """
        FROM workflow_definitions wd
        JOIN revisions r ON r.id = wd.revision_id
        JOIN projects p ON p.id = r.project_id
        JOIN workflow_configs wc ON wc.id = wd.config_id
        """

    /// Workflow definitions with their project, revision and config, 8 columns.
    package static let workflowSelect = "SELECT \(workflowColumns)\n\(workflowFrom)"

    /// What `PUT /api/attempts` checks: the workflow's 8 columns, its project's deletion time and
    /// the number of unfinished attempts, 10 columns.
    package static let attemptStartSelect = """
        SELECT \(workflowColumns), p.deleted_at, (SELECT count(*) FROM session_attempts WHERE (state_flags & 2) = 0)
        \(workflowFrom)
        """

    /// The condition (on `session_attempts`) that an attempt waits for no unfinished session:
    /// a backfill slot is claimable once the previous slot's session's newest attempt is done.
    package static let waitsForNoSession = """
        NOT EXISTS (
          SELECT 1 FROM delayed_session_attempts d
          JOIN sessions ds ON ds.id = d.dependent_session_id
          JOIN session_attempts da ON da.id = ds.last_attempt_id
          WHERE d.id = session_attempts.id AND (da.state_flags & 2) = 0)
        """

    /// Unfinished attempts nobody holds that wait for another session (backfill slots).
    package static let waitingAttemptCount = """
        SELECT count(*) FROM delayed_session_attempts d JOIN session_attempts a ON a.id = d.id
        WHERE (a.state_flags & 2) = 0 AND a.lease_owner IS NULL
        """

    /// Attempts with their session and project name, 15 columns.
    package static let attemptColumns = """
        a.id, a."index", a.session_id, s.session_uuid, a.project_id, COALESCE(p.name, p.deleted_name), \
        s.workflow_name, a.workflow_definition_id, s.session_time, a.timezone, a.attempt_name, a.state_flags, \
        a.params, a.created_at, a.finished_at
        """

    /// `SELECT` of attempts joined to sessions and projects.
    package static let attemptSelect = """
        SELECT \(attemptColumns)
        FROM session_attempts a
        JOIN sessions s ON s.id = a.session_id
        JOIN projects p ON p.id = a.project_id
        """

    /// Sessions with their project name (6 columns) and their newest attempt's own columns (9,
    /// NULL when none: id, index, workflow definition, time zone, name, flags, params, created
    /// and finished at); its session, project and workflow are the session's.
    package static let sessionSelect = """
        SELECT s.id, s.project_id, COALESCE(p.name, p.deleted_name), s.workflow_name, s.session_uuid, s.session_time,
          a.id, a."index", a.workflow_definition_id, a.timezone, a.attempt_name, a.state_flags, a.params, a.created_at,
          a.finished_at
        FROM sessions s
        JOIN projects p ON p.id = s.project_id
        LEFT JOIN session_attempts a ON a.id = s.last_attempt_id
        """

    /// Task columns, 13 columns.
    package static let taskColumns = """
        id, local_id, parent_local_id, full_name, state, state_flags, is_group, retry_count, retry_at, started_at, \
        updated_at, details, state_details
        """

    /// Schedules with their project name and workflow definition, 13 columns; only rows of
    /// non-deleted projects (every query appends `AND ...` filters).
    package static let scheduleSelect = """
        SELECT sc.id, sc.project_id, p.name, wd.name, sc.workflow_definition_id, wc.timezone, wc.config,
          sc.next_run_time, sc.next_schedule_time, sc.last_session_time, sc.created_at, sc.updated_at, sc.disabled_at
        FROM schedules sc
        JOIN projects p ON p.id = sc.project_id
        JOIN workflow_definitions wd ON wd.id = sc.workflow_definition_id
        JOIN workflow_configs wc ON wc.id = wd.config_id
        WHERE p.name IS NOT NULL
        """

    /// The earliest run time of enabled schedules: one step of the partial index
    /// `schedules_enabled_on_next_run_time` (deleted projects have no schedules; the check is a guard).
    package static let earliestRunTime = """
        SELECT sc.next_run_time FROM schedules sc
        WHERE sc.disabled_at IS NULL
          AND EXISTS (SELECT 1 FROM projects p WHERE p.id = sc.project_id AND p.name IS NOT NULL)
        ORDER BY sc.next_run_time LIMIT 1
        """
}
