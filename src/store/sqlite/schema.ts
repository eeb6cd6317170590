/**
 * The SQLite schema as an ordered list of migrations, and the code that opens a database with
 * the pragmas Kite relies on. `PRAGMA user_version` holds the schema version; migrations run
 * inside one `BEGIN IMMEDIATE` transaction so that two processes opening a fresh root at the
 * same moment never both apply them.
 */
import Database from 'better-sqlite3';
import { KiteError } from '../../core/index.js';

/** One schema step. Append new ones; never edit a released one. */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

const RUN_STATE_CHECK = `('PENDING','RUNNING','SUCCEEDED','FAILED','CANCELED')`;
const TASK_STATE_CHECK = `('PENDING','RUNNING','SUCCEEDED','FAILED','SKIPPED','CACHED','CANCELED')`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'runs, tasks, attempts, artifacts, events, metrics, logs, kv, experiments, trials',
    sql: `
CREATE TABLE specs (
  digest TEXT PRIMARY KEY,
  json TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  pipeline_name TEXT NOT NULL,
  spec_digest TEXT NOT NULL REFERENCES specs(digest),
  params TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ${RUN_STATE_CHECK}),
  created_at INTEGER NOT NULL,
  started_at INTEGER,
  finished_at INTEGER,
  error TEXT,
  root_dir TEXT NOT NULL,
  owner_pid INTEGER,
  owner_host TEXT,
  heartbeat_at INTEGER
);
CREATE INDEX runs_by_created ON runs(created_at DESC);
CREATE INDEX runs_by_pipeline ON runs(pipeline_name, created_at DESC);
CREATE INDEX runs_by_state ON runs(state, created_at DESC);

CREATE TABLE tasks (
  id INTEGER PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  component_name TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ${TASK_STATE_CHECK}),
  attempts INTEGER NOT NULL DEFAULT 0,
  cache_key TEXT,
  cached_from INTEGER REFERENCES tasks(id) ON DELETE SET NULL,
  inputs TEXT,
  outputs TEXT,
  error_message TEXT,
  error_stack TEXT,
  error_code TEXT,
  created_at INTEGER NOT NULL,
  started_at INTEGER,
  finished_at INTEGER,
  wall_ms INTEGER,
  cpu_ms INTEGER,
  peak_rss_bytes INTEGER,
  UNIQUE (run_id, path)
);
CREATE INDEX tasks_by_cache_key ON tasks(cache_key, state, finished_at DESC) WHERE cache_key IS NOT NULL;

CREATE TABLE attempts (
  task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  attempt INTEGER NOT NULL CHECK (attempt >= 1),
  state TEXT NOT NULL CHECK (state IN ('RUNNING','SUCCEEDED','FAILED','CANCELED')),
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  error TEXT,
  wall_ms INTEGER,
  cpu_ms INTEGER,
  peak_rss_bytes INTEGER,
  PRIMARY KEY (task_id, attempt)
) WITHOUT ROWID;

CREATE TABLE artifacts (
  id INTEGER PRIMARY KEY,
  uri TEXT NOT NULL,
  type_title TEXT NOT NULL,
  digest TEXT,
  size_bytes INTEGER,
  kind TEXT NOT NULL CHECK (kind IN ('file','dir','none')),
  metadata TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL,
  committed INTEGER NOT NULL DEFAULT 0 CHECK (committed IN (0, 1)),
  producer_task_id INTEGER REFERENCES tasks(id) ON DELETE SET NULL,
  CHECK (committed = 0 OR digest IS NOT NULL)
);
CREATE INDEX artifacts_by_uri ON artifacts(uri, id DESC);
CREATE INDEX artifacts_by_producer ON artifacts(producer_task_id);

CREATE TABLE events (
  task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  artifact_id INTEGER NOT NULL REFERENCES artifacts(id) ON DELETE CASCADE,
  type TEXT NOT NULL CHECK (type IN ('INPUT','OUTPUT')),
  port TEXT NOT NULL,
  idx INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (task_id, type, port, idx)
);
CREATE INDEX events_by_artifact ON events(artifact_id, type);

CREATE TABLE metrics (
  id INTEGER PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  task_id INTEGER REFERENCES tasks(id) ON DELETE CASCADE,
  step INTEGER,
  name TEXT NOT NULL,
  value REAL NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX metrics_by_run ON metrics(run_id, task_id, name);

CREATE TABLE logs (
  id INTEGER PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  attempt INTEGER NOT NULL,
  stream TEXT NOT NULL CHECK (stream IN ('stdout','stderr','log')),
  seq INTEGER NOT NULL,
  line TEXT NOT NULL,
  time INTEGER NOT NULL,
  UNIQUE (task_id, attempt, seq)
);

CREATE TABLE kv (
  namespace TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (namespace, key)
) WITHOUT ROWID;

CREATE TABLE experiments (
  name TEXT PRIMARY KEY,
  spec TEXT NOT NULL,
  state TEXT NOT NULL,
  status TEXT,
  algorithm_state TEXT,
  owner_pid INTEGER,
  owner_host TEXT,
  heartbeat_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE trials (
  id INTEGER PRIMARY KEY,
  experiment_name TEXT NOT NULL REFERENCES experiments(name) ON DELETE CASCADE,
  name TEXT NOT NULL,
  params TEXT NOT NULL,
  state TEXT NOT NULL,
  observation TEXT,
  error TEXT,
  run_id TEXT REFERENCES runs(id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  started_at INTEGER,
  finished_at INTEGER,
  UNIQUE (experiment_name, name)
);
CREATE TABLE trial_reports (
  trial_id INTEGER NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
  step INTEGER NOT NULL,
  metrics TEXT NOT NULL,
  time INTEGER NOT NULL,
  PRIMARY KEY (trial_id, step)
) WITHOUT ROWID;
`,
  },
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

export interface OpenDatabaseOptions {
  /** How long a writer waits for another process's lock before SQLITE_BUSY. Default 10 000 ms. */
  busyTimeoutMs?: number;
  readonly?: boolean;
  /** Migrations to apply (tests pass their own). Default {@link MIGRATIONS}. */
  migrations?: readonly Migration[];
}

/**
 * Opens (creating if needed) a SQLite database with WAL, a busy timeout, foreign keys, and the
 * schema migrated to the latest version.
 *
 * `synchronous = NORMAL` in WAL mode: a killed process never loses a committed transaction
 * (only power loss can drop the last ones), and a lost transaction only makes a task run again.
 */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(path, {
      readonly: options.readonly ?? false,
      timeout: options.busyTimeoutMs ?? 10_000,
    });
  } catch (cause) {
    throw new KiteError('IO', `cannot open the metadata database ${path}`, { cause });
  }
  try {
    db.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 10_000)}`);
    if (!options.readonly) {
      enableWal(db, options.busyTimeoutMs ?? 10_000);
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    if (!options.readonly) migrate(db, options.migrations ?? MIGRATIONS);
    else checkVersion(db, options.migrations ?? MIGRATIONS);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * `journal_mode = WAL`, retried while another process holds the database: switching a fresh
 * database's journal mode needs an exclusive lock, and SQLite answers SQLITE_BUSY at once there
 * instead of waiting through the busy timeout (seen when two `kite run`s create one root).
 */
function enableWal(db: Database.Database, timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 0; ; attempt++) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw error;
      Atomics.wait(pause, 0, 0, Math.min(5 * (attempt + 1), 50));
    }
  }
}

function userVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function checkVersion(db: Database.Database, migrations: readonly Migration[]): number {
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  const current = userVersion(db);
  if (current > latest) {
    throw new KiteError(
      'UNSUPPORTED',
      `the metadata database has schema version ${current}, newer than this Kite understands (${latest})`,
      { hint: 'upgrade Kite, or use another --root' },
    );
  }
  return current;
}

/** Applies every migration newer than the database's `user_version`, in one transaction. */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number {
  if (checkVersion(db, migrations) === (migrations[migrations.length - 1]?.version ?? 0)) {
    return userVersion(db);
  }
  const apply = db.transaction(() => {
    const current = checkVersion(db, migrations); // re-read under the write lock
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }
  });
  apply.immediate();
  return userVersion(db);
}
