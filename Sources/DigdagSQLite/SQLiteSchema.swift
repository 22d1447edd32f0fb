/// The SQLite schema as named, ordered migrations (Digdag's data model, see
/// `reference/digdag-server.md` §5). Instants are epoch milliseconds; `session_time` and the
/// schedule times are epoch seconds; JSON is compact text with key order kept.
enum SQLiteSchema {
    /// Migration name and its SQL, in order. Never edit a released migration: add a new one.
    static let migrations: [(String, [String])] = [
        ("20260101000000_create_projects", [projects]),
        ("20260101000100_create_sessions", [sessions]),
        ("20260101000200_create_tasks", [tasks]),
        ("20260101000300_create_logs_and_secrets", [logsAndSecrets]),
        ("20260101000400_rebuild_schedules", [rebuildSchedules]),
        ("20261207000000_add_lease_epoch", [addLeaseEpoch]),
        ("20261207000100_create_access_tokens", accessTokens),
    ]

    /// API tokens (beyond Digdag): the SHA-256 of each token, never the token.
    static let accessTokens = [
        """
        CREATE TABLE access_tokens (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          site_id INTEGER NOT NULL,
          name TEXT NOT NULL,
          token_hash TEXT NOT NULL,
          read_only INTEGER NOT NULL,
          created_by TEXT NOT NULL,
          created_at INTEGER NOT NULL
        )
        """,
        "CREATE UNIQUE INDEX access_tokens_on_site_id_and_name ON access_tokens (site_id, name)",
        "CREATE UNIQUE INDEX access_tokens_on_token_hash ON access_tokens (token_hash)",
    ]

    static let projects = """
        CREATE TABLE projects (
          id INTEGER PRIMARY KEY,
          site_id INTEGER NOT NULL,
          name TEXT,
          created_at INTEGER NOT NULL,
          deleted_at INTEGER,
          deleted_name TEXT
        );
        CREATE UNIQUE INDEX projects_on_site_id_and_name ON projects (site_id, name);
        CREATE TABLE revisions (
          id INTEGER PRIMARY KEY,
          project_id INTEGER NOT NULL REFERENCES projects (id),
          name TEXT NOT NULL,
          default_params TEXT NOT NULL,
          archive_type TEXT NOT NULL,
          archive_md5 BLOB,
          created_at INTEGER NOT NULL,
          user_info TEXT NOT NULL
        );
        CREATE UNIQUE INDEX revisions_on_project_id_and_name ON revisions (project_id, name);
        CREATE INDEX revisions_on_project_id_and_id ON revisions (project_id, id);
        CREATE TABLE revision_archives (
          id INTEGER PRIMARY KEY REFERENCES revisions (id),
          archive_data BLOB NOT NULL
        );
        CREATE TABLE workflow_configs (
          id INTEGER PRIMARY KEY,
          project_id INTEGER NOT NULL REFERENCES projects (id),
          config_digest INTEGER NOT NULL,
          timezone TEXT NOT NULL,
          config TEXT NOT NULL
        );
        CREATE INDEX workflow_configs_on_project_id_and_config_digest ON workflow_configs (project_id, config_digest);
        CREATE TABLE workflow_definitions (
          id INTEGER PRIMARY KEY,
          config_id INTEGER NOT NULL REFERENCES workflow_configs (id),
          revision_id INTEGER NOT NULL REFERENCES revisions (id),
          name TEXT NOT NULL
        );
        CREATE UNIQUE INDEX workflow_definitions_on_revision_id_and_name ON workflow_definitions (revision_id, name);
        CREATE TABLE schedules (
          id INTEGER PRIMARY KEY,
          project_id INTEGER NOT NULL REFERENCES projects (id),
          workflow_definition_id INTEGER NOT NULL REFERENCES workflow_definitions (id),
          next_run_time INTEGER NOT NULL,
          next_schedule_time INTEGER NOT NULL,
          last_session_time INTEGER,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL,
          disabled_at INTEGER
        );
        CREATE UNIQUE INDEX schedules_on_workflow_definition_id ON schedules (workflow_definition_id);
        CREATE INDEX schedules_on_project_id ON schedules (project_id);
        CREATE INDEX schedules_on_next_run_time ON schedules (next_run_time);
        """

    static let sessions = """
        CREATE TABLE sessions (
          id INTEGER PRIMARY KEY,
          project_id INTEGER NOT NULL REFERENCES projects (id),
          workflow_name TEXT NOT NULL,
          session_time INTEGER NOT NULL,
          session_uuid TEXT NOT NULL,
          last_attempt_id INTEGER
        );
        CREATE UNIQUE INDEX sessions_on_project_id_and_workflow_name_and_session_time
          ON sessions (project_id, workflow_name, session_time);
        CREATE INDEX sessions_on_project_id_and_id ON sessions (project_id, id);
        CREATE INDEX sessions_on_project_id_and_workflow_name_and_id ON sessions (project_id, workflow_name, id);
        CREATE TABLE session_attempts (
          id INTEGER PRIMARY KEY,
          session_id INTEGER NOT NULL REFERENCES sessions (id),
          site_id INTEGER NOT NULL,
          project_id INTEGER NOT NULL REFERENCES projects (id),
          attempt_name TEXT NOT NULL,
          workflow_definition_id INTEGER REFERENCES workflow_definitions (id),
          state_flags INTEGER NOT NULL,
          timezone TEXT NOT NULL,
          params TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          finished_at INTEGER,
          "index" INTEGER NOT NULL,
          lease_owner TEXT,
          lease_expires_at INTEGER,
          resumed_results TEXT
        );
        CREATE UNIQUE INDEX session_attempts_on_session_id_and_attempt_name ON session_attempts (session_id, attempt_name);
        CREATE UNIQUE INDEX session_attempts_on_session_id_and_index ON session_attempts (session_id, "index");
        CREATE INDEX session_attempts_on_project_id_and_id ON session_attempts (project_id, id);
        CREATE INDEX session_attempts_on_lease_owner ON session_attempts (lease_owner);
        CREATE INDEX session_attempts_unfinished ON session_attempts (id) WHERE (state_flags & 2) = 0;
        CREATE TABLE delayed_session_attempts (
          id INTEGER PRIMARY KEY REFERENCES session_attempts (id),
          dependent_session_id INTEGER,
          next_run_time INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        );
        CREATE INDEX delayed_session_attempts_on_next_run_time ON delayed_session_attempts (next_run_time);
        """

    static let tasks = """
        CREATE TABLE tasks (
          id INTEGER PRIMARY KEY,
          attempt_id INTEGER NOT NULL REFERENCES session_attempts (id),
          local_id INTEGER NOT NULL,
          parent_local_id INTEGER,
          full_name TEXT NOT NULL,
          state INTEGER NOT NULL,
          state_flags INTEGER NOT NULL,
          is_group INTEGER NOT NULL,
          retry_count INTEGER NOT NULL,
          retry_at INTEGER,
          started_at INTEGER,
          updated_at INTEGER,
          details TEXT NOT NULL,
          state_details TEXT NOT NULL
        );
        CREATE UNIQUE INDEX tasks_on_attempt_id_and_local_id ON tasks (attempt_id, local_id);
        """

    static let logsAndSecrets = """
        CREATE TABLE task_logs (
          id INTEGER PRIMARY KEY,
          attempt_id INTEGER NOT NULL REFERENCES session_attempts (id),
          task_name TEXT NOT NULL,
          file_name TEXT NOT NULL,
          file_time INTEGER NOT NULL,
          agent_id TEXT NOT NULL,
          size INTEGER NOT NULL,
          data BLOB NOT NULL
        );
        CREATE UNIQUE INDEX task_logs_on_attempt_id_and_file_name ON task_logs (attempt_id, file_name);
        CREATE TABLE secrets (
          id INTEGER PRIMARY KEY,
          site_id INTEGER NOT NULL,
          project_id INTEGER NOT NULL REFERENCES projects (id),
          scope TEXT NOT NULL,
          engine TEXT NOT NULL,
          key TEXT NOT NULL,
          value TEXT NOT NULL,
          updated_at INTEGER NOT NULL
        );
        CREATE UNIQUE INDEX secrets_on_site_id_and_project_id_and_scope_and_key ON secrets (site_id, project_id, scope, key);
        """

    /// Schedules get `AUTOINCREMENT` ids, so that the id of a deleted schedule never names another
    /// one (as PostgreSQL's sequences), and the scheduler's index: `dueSchedules` and
    /// `earliestRunTime` read enabled rows in `next_run_time` order without touching disabled ones
    /// (it replaces `schedules_on_next_run_time`).
    static let rebuildSchedules = """
        CREATE TABLE schedules_new (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          project_id INTEGER NOT NULL REFERENCES projects (id),
          workflow_definition_id INTEGER NOT NULL REFERENCES workflow_definitions (id),
          next_run_time INTEGER NOT NULL,
          next_schedule_time INTEGER NOT NULL,
          last_session_time INTEGER,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL,
          disabled_at INTEGER
        );
        INSERT INTO schedules_new (id, project_id, workflow_definition_id, next_run_time, next_schedule_time,
          last_session_time, created_at, updated_at, disabled_at)
        SELECT id, project_id, workflow_definition_id, next_run_time, next_schedule_time, last_session_time,
          created_at, updated_at, disabled_at
        FROM schedules;
        DROP TABLE schedules;
        ALTER TABLE schedules_new RENAME TO schedules;
        CREATE UNIQUE INDEX schedules_on_workflow_definition_id ON schedules (workflow_definition_id);
        CREATE INDEX schedules_on_project_id ON schedules (project_id);
        CREATE INDEX schedules_enabled_on_next_run_time ON schedules (next_run_time, id) WHERE disabled_at IS NULL;
        """

    /// Fencing: every claim of an attempt increments its epoch; writes check it.
    static let addLeaseEpoch = "ALTER TABLE session_attempts ADD COLUMN lease_epoch INTEGER NOT NULL DEFAULT 0;"
}
