extension PostgresSchema {
    /// `digdag_create_attempt`: finds or creates the session (locked until the statement ends),
    /// then stores the attempt, points the session at it, inserts its tasks (`digdag_put_tasks`,
    /// which the group commit uses too: an upsert by attempt and local id) and, for a backfill
    /// slot that waits for the previous one, its delayed-attempt row, in one round trip
    /// instead of ten (`digdag_start_attempt` calls it). Returns the new
    /// attempt's id and `true`, or the id of the session's attempt of the same name and `false`.
    ///
    /// Instants are epoch milliseconds (`-9223372036854775808` for NULL), as in the task
    /// statements: arrays with NULL elements do not bind. Every statement in the function sees
    /// the rows committed before it started (READ COMMITTED), so the session insert of a
    /// concurrent creator is found after it commits. `digdag_instant` is STABLE, as the
    /// `timestamptz + interval` it computes: PostgreSQL inlines it then (an IMMUTABLE function with
    /// a STABLE body is called row by row instead, which tripled the cost of the task insert).
    static let createAttemptFunction = [
        """
        CREATE FUNCTION digdag_instant(millis bigint) RETURNS timestamptz
        LANGUAGE sql STABLE AS $$
          SELECT CASE WHEN millis = -9223372036854775808 THEN NULL
            ELSE timestamptz 'epoch' + millis * interval '1 millisecond' END
        $$
        """,
        """
        CREATE FUNCTION digdag_put_tasks(
          skip_attempt_ids bigint[], t_attempt_id bigint[], t_local_id bigint[], t_parent_local_id bigint[],
          t_full_name text[], t_state bigint[], t_state_flags bigint[], t_is_group boolean[],
          t_retry_count bigint[], t_retry_at bigint[], t_started_at bigint[], t_updated_at bigint[],
          t_details text[], t_state_details text[])
        RETURNS void
        LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO tasks (attempt_id, local_id, parent_local_id, full_name, state, state_flags, is_group,
            retry_count, retry_at, started_at, updated_at, details, state_details)
          SELECT v.attempt_id, v.local_id, NULLIF(v.parent_local_id, -9223372036854775808), v.full_name, v.state,
            v.state_flags, v.is_group, v.retry_count, digdag_instant(v.retry_at), digdag_instant(v.started_at),
            digdag_instant(v.updated_at), v.details, v.state_details
          FROM unnest(t_attempt_id, t_local_id, t_parent_local_id, t_full_name, t_state, t_state_flags, t_is_group,
            t_retry_count, t_retry_at, t_started_at, t_updated_at, t_details, t_state_details)
            AS v (attempt_id, local_id, parent_local_id, full_name, state, state_flags, is_group, retry_count,
              retry_at, started_at, updated_at, details, state_details)
          WHERE NOT (v.attempt_id = ANY(skip_attempt_ids))
          ON CONFLICT (attempt_id, local_id) DO UPDATE SET state = EXCLUDED.state,
            state_flags = EXCLUDED.state_flags, retry_count = EXCLUDED.retry_count, retry_at = EXCLUDED.retry_at,
            started_at = EXCLUDED.started_at, updated_at = EXCLUDED.updated_at,
            state_details = EXCLUDED.state_details;
        END
        $$
        """,
        """
        CREATE FUNCTION digdag_create_attempt(
          p_project_id bigint, p_workflow_name text, p_session_time bigint, p_session_uuid uuid,
          p_attempt_name text, p_site_id integer, p_definition_id bigint, p_timezone text, p_params text,
          p_created_at bigint, p_lease_owner text, p_lease_expires_at bigint, p_resumed_results text,
          t_local_id bigint[], t_parent_local_id bigint[], t_full_name text[], t_state bigint[],
          t_state_flags bigint[], t_is_group boolean[], t_retry_count bigint[], t_retry_at bigint[],
          t_started_at bigint[], t_updated_at bigint[], t_details text[], t_state_details text[],
          p_waits_for_session_id bigint, OUT out_attempt_id bigint, OUT out_created boolean)
        LANGUAGE plpgsql AS $$
        DECLARE
          v_session_id bigint;
          v_index integer;
        BEGIN
          SELECT id INTO v_session_id FROM sessions
          WHERE project_id = p_project_id AND workflow_name = p_workflow_name AND session_time = p_session_time
          FOR UPDATE;
          IF v_session_id IS NULL THEN
            INSERT INTO sessions (project_id, workflow_name, session_time, session_uuid)
            VALUES (p_project_id, p_workflow_name, p_session_time, p_session_uuid)
            ON CONFLICT (project_id, workflow_name, session_time) DO NOTHING
            RETURNING id INTO v_session_id;
          END IF;
          IF v_session_id IS NULL THEN
            -- A concurrent creator inserted it first and has committed by now.
            SELECT id INTO STRICT v_session_id FROM sessions
            WHERE project_id = p_project_id AND workflow_name = p_workflow_name AND session_time = p_session_time
            FOR UPDATE;
          END IF;
          SELECT a.id INTO out_attempt_id FROM session_attempts a
          WHERE a.session_id = v_session_id AND a.attempt_name = p_attempt_name;
          IF out_attempt_id IS NOT NULL THEN
            out_created := false;
            RETURN;
          END IF;
          SELECT COALESCE(max(a."index"), 0) + 1 INTO v_index FROM session_attempts a WHERE a.session_id = v_session_id;
          INSERT INTO session_attempts (session_id, site_id, project_id, attempt_name, workflow_definition_id,
            state_flags, timezone, params, created_at, "index", lease_owner, lease_expires_at, resumed_results)
          VALUES (v_session_id, p_site_id, p_project_id, p_attempt_name, p_definition_id, 0, p_timezone, p_params,
            digdag_instant(p_created_at), v_index, p_lease_owner, digdag_instant(p_lease_expires_at),
            p_resumed_results)
          RETURNING id INTO out_attempt_id;
          UPDATE sessions SET last_attempt_id = out_attempt_id WHERE id = v_session_id;
          PERFORM digdag_put_tasks('{}', array_fill(out_attempt_id, ARRAY[cardinality(t_local_id)]), t_local_id,
            t_parent_local_id, t_full_name, t_state, t_state_flags, t_is_group, t_retry_count, t_retry_at,
            t_started_at, t_updated_at, t_details, t_state_details);
          IF p_waits_for_session_id IS NOT NULL THEN
            INSERT INTO delayed_session_attempts (id, dependent_session_id, next_run_time, updated_at)
            VALUES (out_attempt_id, p_waits_for_session_id, p_created_at / 1000, digdag_instant(p_created_at));
          END IF;
          out_created := true;
        END
        $$
        """,
    ]

    /// `digdag_save_tasks`: a batch of attempts' state writes in one statement (group commit):
    /// checks the leases (`FOR SHARE`, so that no claim slips in before the commit), upserts the
    /// changed tasks of the attempts still held, finishes the attempts that ended and drops their
    /// queued tasks. Returns the ids of the attempts whose lease was lost (nothing of theirs is
    /// written). Instants and NULL parents are carried as for `digdag_create_attempt`.
    static let saveTasksFunction = [
        """
        CREATE FUNCTION digdag_save_tasks(
          l_ids bigint[], l_owners text[], l_epochs bigint[],
          t_attempt_id bigint[], t_local_id bigint[], t_parent_local_id bigint[], t_full_name text[],
          t_state bigint[], t_state_flags bigint[], t_is_group boolean[], t_retry_count bigint[],
          t_retry_at bigint[], t_started_at bigint[], t_updated_at bigint[], t_details text[],
          t_state_details text[],
          f_ids bigint[], f_flags bigint[], f_finished_at bigint[])
        RETURNS SETOF bigint
        LANGUAGE plpgsql AS $$
        DECLARE
          v_held bigint[];
          v_lost bigint[];
          v_finished integer;
        BEGIN
          WITH held AS (
            SELECT a.id FROM session_attempts AS a
            JOIN unnest(l_ids, l_owners, l_epochs) AS l (id, owner, epoch)
              ON a.id = l.id AND a.lease_owner = l.owner AND a.lease_epoch = l.epoch
            FOR SHARE OF a)
          SELECT COALESCE(array_agg(id), '{}') INTO v_held FROM held;
          SELECT COALESCE(array_agg(id), '{}') INTO v_lost FROM unnest(l_ids) AS l (id) WHERE NOT (id = ANY(v_held));
          PERFORM digdag_put_tasks(v_lost, t_attempt_id, t_local_id, t_parent_local_id, t_full_name, t_state,
            t_state_flags, t_is_group, t_retry_count, t_retry_at, t_started_at, t_updated_at, t_details,
            t_state_details);
          UPDATE session_attempts AS a SET state_flags = a.state_flags | f.flags::integer,
            finished_at = digdag_instant(f.finished_at), lease_owner = NULL, lease_expires_at = NULL
          FROM unnest(f_ids, f_flags, f_finished_at) AS f (id, flags, finished_at)
          WHERE a.id = f.id AND NOT (f.id = ANY(v_lost));
          GET DIAGNOSTICS v_finished = ROW_COUNT;
          IF v_finished <> (SELECT count(*) FROM unnest(f_ids) AS f (id) WHERE NOT (id = ANY(v_lost))) THEN
            RAISE EXCEPTION 'session attempt to finish does not exist' USING ERRCODE = '23503';
          END IF;
          DELETE FROM queued_tasks AS q WHERE q.attempt_id = ANY(f_ids) AND NOT (q.attempt_id = ANY(v_lost));
          RETURN QUERY SELECT unnest(v_lost);
        END
        $$
        """,
    ]

    /// `digdag_start_attempt`: `digdag_create_attempt`, then the stored attempt's row (the
    /// columns of `StorageSQL.attemptColumns`) after whether it was created, in one round trip
    /// (`PostgresAttemptStatements.StartAttempt`): a `PUT /api/attempts` no longer reads its attempt
    /// back with a statement of its own. A statement that called `digdag_create_attempt` could
    /// not join the new row itself: its snapshot predates the insert.
    static let startAttemptFunction = [
        """
        CREATE FUNCTION digdag_start_attempt(
          p_project_id bigint, p_workflow_name text, p_session_time bigint, p_session_uuid uuid,
          p_attempt_name text, p_site_id integer, p_definition_id bigint, p_timezone text, p_params text,
          p_created_at bigint, p_lease_owner text, p_lease_expires_at bigint, p_resumed_results text,
          t_local_id bigint[], t_parent_local_id bigint[], t_full_name text[], t_state bigint[],
          t_state_flags bigint[], t_is_group boolean[], t_retry_count bigint[], t_retry_at bigint[],
          t_started_at bigint[], t_updated_at bigint[], t_details text[], t_state_details text[],
          p_waits_for_session_id bigint)
        RETURNS TABLE (r_created boolean, r_id bigint, r_index integer, r_session_id bigint, r_session_uuid uuid,
          r_project_id bigint, r_project_name text, r_workflow_name text, r_definition_id bigint,
          r_session_time bigint, r_timezone text, r_attempt_name text, r_state_flags integer, r_params text,
          r_created_at timestamptz, r_finished_at timestamptz)
        LANGUAGE plpgsql AS $$
        DECLARE
          v_id bigint;
          v_created boolean;
        BEGIN
          SELECT c.out_attempt_id, c.out_created INTO v_id, v_created
          FROM digdag_create_attempt(p_project_id, p_workflow_name, p_session_time, p_session_uuid, p_attempt_name,
            p_site_id, p_definition_id, p_timezone, p_params, p_created_at, p_lease_owner, p_lease_expires_at,
            p_resumed_results, t_local_id, t_parent_local_id, t_full_name, t_state, t_state_flags, t_is_group,
            t_retry_count, t_retry_at, t_started_at, t_updated_at, t_details, t_state_details,
            p_waits_for_session_id) AS c;
          RETURN QUERY
          SELECT v_created, a.id, a."index", a.session_id, s.session_uuid, a.project_id,
            COALESCE(p.name, p.deleted_name), s.workflow_name, a.workflow_definition_id, s.session_time, a.timezone,
            a.attempt_name, a.state_flags, a.params, a.created_at, a.finished_at
          FROM session_attempts a
          JOIN sessions s ON s.id = a.session_id
          JOIN projects p ON p.id = a.project_id
          WHERE a.id = v_id;
        END
        $$
        """,
    ]
}
