/// The PostgreSQL schema as named, ordered migrations, one statement per string (the extended
/// protocol runs one statement at a time). Same tables, columns and names as the SQLite schema;
/// ids are `bigserial`, instants `timestamptz`, bytes `bytea`, JSON `text`, `session_time` and the
/// schedule times epoch-second `bigint`.
enum PostgresSchema {
    /// Migration name and its statements, in order. Never edit a released migration: add a new one.
    static let migrations: [(String, [String])] = [
        ("20260101000000_create_projects", projects),
        ("20260101000100_create_sessions", sessions),
        ("20260101000200_create_tasks", tasks),
        ("20260101000300_create_logs_and_secrets", logsAndSecrets),
        ("20260101000400_rebuild_schedules", rebuildSchedules),
        ("20261207000000_add_lease_epoch", addLeaseEpoch),
        ("20261207000100_create_access_tokens", accessTokens),
        ("20261207100000_create_queued_tasks", queuedTasks),
        ("20261207200000_create_attempt_function", createAttemptFunction),
        ("20261207200100_save_tasks_function", saveTasksFunction),
        ("20261208000000_start_attempt_function", startAttemptFunction),
    ]

    /// The task queue the nodes share (beyond Digdag): tasks an attempt's owner publishes, each
    /// claimed by one node at a time under a short, renewed claim whose epoch fences its completion.
    static let queuedTasks = [
        """
        CREATE TABLE queued_tasks (
          attempt_id bigint NOT NULL REFERENCES session_attempts (id) ON DELETE CASCADE,
          task_id bigint NOT NULL,
          payload text NOT NULL,
          published_by text NOT NULL,
          queued_at timestamptz NOT NULL,
          claim_node text,
          claim_expires_at timestamptz,
          claim_epoch bigint NOT NULL DEFAULT 0,
          completion text,
          completed_by text,
          consumed boolean NOT NULL DEFAULT false,
          PRIMARY KEY (attempt_id, task_id)
        )
        """,
        "CREATE INDEX queued_tasks_pending ON queued_tasks (queued_at) WHERE completion IS NULL",
    ]

    /// API tokens (beyond Digdag): the SHA-256 of each token, never the token.
    static let accessTokens = [
        """
        CREATE TABLE access_tokens (
          id bigserial PRIMARY KEY,
          site_id integer NOT NULL,
          name text NOT NULL,
          token_hash text NOT NULL,
          read_only boolean NOT NULL,
          created_by text NOT NULL,
          created_at timestamptz NOT NULL
        )
        """,
        "CREATE UNIQUE INDEX access_tokens_on_site_id_and_name ON access_tokens (site_id, name)",
        "CREATE UNIQUE INDEX access_tokens_on_token_hash ON access_tokens (token_hash)",
    ]

    static let projects = [
        """
        CREATE TABLE projects (
          id bigserial PRIMARY KEY,
          site_id integer NOT NULL,
          name text,
          created_at timestamptz NOT NULL,
          deleted_at timestamptz,
          deleted_name text
        )
        """,
        "CREATE UNIQUE INDEX projects_on_site_id_and_name ON projects (site_id, name)",
        """
        CREATE TABLE revisions (
          id bigserial PRIMARY KEY,
          project_id bigint NOT NULL REFERENCES projects (id),
          name text NOT NULL,
          default_params text NOT NULL,
          archive_type text NOT NULL,
          archive_md5 bytea,
          created_at timestamptz NOT NULL,
          user_info text NOT NULL
        )
        """,
        "CREATE UNIQUE INDEX revisions_on_project_id_and_name ON revisions (project_id, name)",
        "CREATE INDEX revisions_on_project_id_and_id ON revisions (project_id, id)",
        """
        CREATE TABLE revision_archives (
          id bigint PRIMARY KEY REFERENCES revisions (id),
          archive_data bytea NOT NULL
        )
        """,
        """
        CREATE TABLE workflow_configs (
          id bigserial PRIMARY KEY,
          project_id bigint NOT NULL REFERENCES projects (id),
          config_digest bigint NOT NULL,
          timezone text NOT NULL,
          config text NOT NULL
        )
        """,
        "CREATE INDEX workflow_configs_on_project_id_and_config_digest ON workflow_configs (project_id, config_digest)",
        """
        CREATE TABLE workflow_definitions (
          id bigserial PRIMARY KEY,
          config_id bigint NOT NULL REFERENCES workflow_configs (id),
          revision_id bigint NOT NULL REFERENCES revisions (id),
          name text NOT NULL
        )
        """,
        "CREATE UNIQUE INDEX workflow_definitions_on_revision_id_and_name ON workflow_definitions (revision_id, name)",
        """
        CREATE TABLE schedules (
          id bigserial PRIMARY KEY,
          project_id bigint NOT NULL REFERENCES projects (id),
          workflow_definition_id bigint NOT NULL REFERENCES workflow_definitions (id),
          next_run_time bigint NOT NULL,
          next_schedule_time bigint NOT NULL,
          last_session_time bigint,
          created_at timestamptz NOT NULL,
          updated_at timestamptz NOT NULL,
          disabled_at timestamptz
        )
        """,
        "CREATE UNIQUE INDEX schedules_on_workflow_definition_id ON schedules (workflow_definition_id)",
        "CREATE INDEX schedules_on_project_id ON schedules (project_id)",
        "CREATE INDEX schedules_on_next_run_time ON schedules (next_run_time)",
    ]

    static let sessions = [
        """
        CREATE TABLE sessions (
          id bigserial PRIMARY KEY,
          project_id bigint NOT NULL REFERENCES projects (id),
          workflow_name text NOT NULL,
          session_time bigint NOT NULL,
          session_uuid uuid NOT NULL,
          last_attempt_id bigint
        )
        """,
        """
        CREATE UNIQUE INDEX sessions_on_project_id_and_workflow_name_and_session_time
          ON sessions (project_id, workflow_name, session_time)
        """,
        "CREATE INDEX sessions_on_project_id_and_id ON sessions (project_id, id)",
        "CREATE INDEX sessions_on_project_id_and_workflow_name_and_id ON sessions (project_id, workflow_name, id)",
        """
        CREATE TABLE session_attempts (
          id bigserial PRIMARY KEY,
          session_id bigint NOT NULL REFERENCES sessions (id),
          site_id integer NOT NULL,
          project_id bigint NOT NULL REFERENCES projects (id),
          attempt_name text NOT NULL,
          workflow_definition_id bigint REFERENCES workflow_definitions (id),
          state_flags integer NOT NULL,
          timezone text NOT NULL,
          params text NOT NULL,
          created_at timestamptz NOT NULL,
          finished_at timestamptz,
          "index" integer NOT NULL,
          lease_owner text,
          lease_expires_at timestamptz,
          resumed_results text
        )
        """,
        "CREATE UNIQUE INDEX session_attempts_on_session_id_and_attempt_name ON session_attempts (session_id, attempt_name)",
        "CREATE UNIQUE INDEX session_attempts_on_session_id_and_index ON session_attempts (session_id, \"index\")",
        "CREATE INDEX session_attempts_on_project_id_and_id ON session_attempts (project_id, id)",
        "CREATE INDEX session_attempts_on_lease_owner ON session_attempts (lease_owner)",
        "CREATE INDEX session_attempts_unfinished ON session_attempts (id) WHERE (state_flags & 2) = 0",
        """
        CREATE TABLE delayed_session_attempts (
          id bigint PRIMARY KEY REFERENCES session_attempts (id),
          dependent_session_id bigint,
          next_run_time bigint NOT NULL,
          updated_at timestamptz NOT NULL
        )
        """,
        "CREATE INDEX delayed_session_attempts_on_next_run_time ON delayed_session_attempts (next_run_time)",
    ]

    static let tasks = [
        """
        CREATE TABLE tasks (
          id bigserial PRIMARY KEY,
          attempt_id bigint NOT NULL REFERENCES session_attempts (id),
          local_id bigint NOT NULL,
          parent_local_id bigint,
          full_name text NOT NULL,
          state integer NOT NULL,
          state_flags integer NOT NULL,
          is_group boolean NOT NULL,
          retry_count integer NOT NULL,
          retry_at timestamptz,
          started_at timestamptz,
          updated_at timestamptz,
          details text NOT NULL,
          state_details text NOT NULL
        )
        """,
        "CREATE UNIQUE INDEX tasks_on_attempt_id_and_local_id ON tasks (attempt_id, local_id)",
    ]

    static let logsAndSecrets = [
        """
        CREATE TABLE task_logs (
          id bigserial PRIMARY KEY,
          attempt_id bigint NOT NULL REFERENCES session_attempts (id),
          task_name text NOT NULL,
          file_name text NOT NULL,
          file_time timestamptz NOT NULL,
          agent_id text NOT NULL,
          size bigint NOT NULL,
          data bytea NOT NULL
        )
        """,
        "CREATE UNIQUE INDEX task_logs_on_attempt_id_and_file_name ON task_logs (attempt_id, file_name)",
        """
        CREATE TABLE secrets (
          id bigserial PRIMARY KEY,
          site_id integer NOT NULL,
          project_id bigint NOT NULL REFERENCES projects (id),
          scope text NOT NULL,
          engine text NOT NULL,
          key text NOT NULL,
          value text NOT NULL,
          updated_at timestamptz NOT NULL
        )
        """,
        """
        CREATE UNIQUE INDEX secrets_on_site_id_and_project_id_and_scope_and_key
          ON secrets (site_id, project_id, scope, key)
        """,
    ]

    /// The scheduler's index: `dueSchedules` and `earliestRunTime` read enabled rows in
    /// `next_run_time` order without touching disabled ones (it replaces `schedules_on_next_run_time`).
    /// The SQLite store rebuilds its table here for `AUTOINCREMENT` ids; `bigserial` never reuses one.
    static let rebuildSchedules = [
        "DROP INDEX schedules_on_next_run_time",
        "CREATE INDEX schedules_enabled_on_next_run_time ON schedules (next_run_time, id) WHERE disabled_at IS NULL",
    ]

    /// Fencing: every claim of an attempt increments its epoch; writes check it.
    static let addLeaseEpoch = [
        "ALTER TABLE session_attempts ADD COLUMN lease_epoch bigint NOT NULL DEFAULT 0"
    ]
}
