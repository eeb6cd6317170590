/**
 * Row shapes of the SQLite tables and their mapping to the public records. JSON columns are
 * parsed here and nowhere else.
 */
import type Database from 'better-sqlite3';
import { KiteError } from '../../core/index.js';
import type {
  ArtifactKind,
  ArtifactRecord,
  AttemptRecord,
  AttemptState,
  ErrorInfo,
  EventRecord,
  EventType,
  Owner,
  PortValues,
  ResourceUsage,
  RunRecord,
  RunState,
  TaskRecord,
  TaskState,
} from '../types.js';

/** A database handle with a statement cache (preparing costs more than running). */
export interface Db {
  readonly db: Database.Database;
  prepare(sql: string): Database.Statement;
  /** Runs `fn` in a transaction; nested calls join the outer one. Writers take the lock up front. */
  tx<T>(fn: () => T): T;
}

/** Wraps a connection with a statement cache and an IMMEDIATE-transaction helper. */
export function wrapDb(db: Database.Database): Db {
  const cache = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let stmt = cache.get(sql);
    if (stmt === undefined) {
      stmt = db.prepare(sql);
      cache.set(sql, stmt);
    }
    return stmt;
  };
  return {
    db,
    prepare,
    tx(fn) {
      if (db.inTransaction) return fn();
      // IMMEDIATE takes the write lock at BEGIN, so busy_timeout applies there instead of a
      // SQLITE_BUSY lock-upgrade failure halfway through when another process writes.
      try {
        prepare('BEGIN IMMEDIATE').run();
      } catch (error) {
        throw translateSqliteError(error);
      }
      try {
        const result = fn();
        prepare('COMMIT').run();
        return result;
      } catch (error) {
        if (db.inTransaction) prepare('ROLLBACK').run();
        throw translateSqliteError(error);
      }
    },
  };
}

/**
 * Turns SQLite's lock and disk failures into Kite errors the CLI can explain; anything else
 * (constraint violations are bugs or handled by the caller) passes through unchanged.
 */
export function translateSqliteError(error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return error;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new KiteError('TIMEOUT', 'the metadata database stayed locked by another process for too long', {
      cause: error,
      hint: 'another kite process holds a long write; retry, or raise busyTimeoutMs',
    });
  }
  if (
    code.startsWith('SQLITE_FULL') ||
    code.startsWith('SQLITE_IOERR') ||
    code.startsWith('SQLITE_READONLY')
  ) {
    return new KiteError('IO', `cannot write the metadata database (${code})`, { cause: error });
  }
  return error;
}

/** JSON text for a column (`undefined` stored as `null`). */
export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/** Parses a JSON column; NULL stays null. */
export function fromJson<T>(text: string | null | undefined): T | null {
  if (text === null || text === undefined) return null;
  return JSON.parse(text) as T;
}

/** Owner from its two columns; null when either is NULL. */
export function ownerOf(pid: number | null, host: string | null): Owner | null {
  return pid === null || host === null ? null : { pid, host };
}

/** Resource usage from its three columns; null when none was recorded. */
export function usageOf(wall: number | null, cpu: number | null, rss: number | null): ResourceUsage | null {
  if (wall === null && cpu === null && rss === null) return null;
  return { wallMs: wall ?? 0, cpuMs: cpu ?? 0, peakRssBytes: rss ?? 0 };
}

/** A `runs` row. */
export interface RunRow {
  id: string;
  pipeline_name: string;
  spec_digest: string;
  params: string;
  state: string;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  error: string | null;
  root_dir: string;
  owner_pid: number | null;
  owner_host: string | null;
  heartbeat_at: number | null;
}

/** Maps a `runs` row to its record. */
export function runOf(row: RunRow): RunRecord {
  return {
    id: row.id,
    pipelineName: row.pipeline_name,
    specDigest: row.spec_digest,
    params: fromJson<Record<string, unknown>>(row.params) ?? {},
    state: row.state as RunState,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    error: fromJson<ErrorInfo>(row.error),
    rootDir: row.root_dir,
    owner: ownerOf(row.owner_pid, row.owner_host),
    heartbeatAt: row.heartbeat_at,
  };
}

/** A `tasks` row. */
export interface TaskRow {
  id: number;
  run_id: string;
  path: string;
  component_name: string;
  state: string;
  attempts: number;
  cache_key: string | null;
  cached_from: number | null;
  inputs: string | null;
  outputs: string | null;
  error_message: string | null;
  error_stack: string | null;
  error_code: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  wall_ms: number | null;
  cpu_ms: number | null;
  peak_rss_bytes: number | null;
}

/** Maps a `tasks` row to its record. */
export function taskOf(row: TaskRow): TaskRecord {
  let error: ErrorInfo | null = null;
  if (row.error_message !== null) {
    error = { message: row.error_message };
    if (row.error_stack !== null) error.stack = row.error_stack;
    if (row.error_code !== null) error.code = row.error_code;
  }
  return {
    id: row.id,
    runId: row.run_id,
    path: row.path,
    componentName: row.component_name,
    state: row.state as TaskState,
    attempts: row.attempts,
    cacheKey: row.cache_key,
    cachedFromTaskId: row.cached_from,
    inputs: fromJson<PortValues>(row.inputs),
    outputs: fromJson<PortValues>(row.outputs),
    error,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    usage: usageOf(row.wall_ms, row.cpu_ms, row.peak_rss_bytes),
  };
}

/** An `attempts` row. */
export interface AttemptRow {
  task_id: number;
  attempt: number;
  state: string;
  started_at: number;
  finished_at: number | null;
  error: string | null;
  wall_ms: number | null;
  cpu_ms: number | null;
  peak_rss_bytes: number | null;
}

/** Maps an `attempts` row to its record. */
export function attemptOf(row: AttemptRow): AttemptRecord {
  return {
    taskId: row.task_id,
    attempt: row.attempt,
    state: row.state as AttemptState,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    error: fromJson<ErrorInfo>(row.error),
    usage: usageOf(row.wall_ms, row.cpu_ms, row.peak_rss_bytes),
  };
}

/** An `artifacts` row. */
export interface ArtifactRow {
  id: number;
  uri: string;
  type_title: string;
  digest: string | null;
  size_bytes: number | null;
  kind: string;
  metadata: string;
  created_at: number;
  committed: number;
  producer_task_id: number | null;
}

/** Maps an `artifacts` row to its record. */
export function artifactOf(row: ArtifactRow): ArtifactRecord {
  return {
    id: row.id,
    uri: row.uri,
    typeTitle: row.type_title,
    digest: row.digest,
    sizeBytes: row.size_bytes,
    kind: row.kind as ArtifactKind,
    metadata: fromJson<Record<string, unknown>>(row.metadata) ?? {},
    createdAt: row.created_at,
    committed: row.committed === 1,
    producerTaskId: row.producer_task_id,
  };
}

/** An `events` row. */
export interface EventRow {
  task_id: number;
  artifact_id: number;
  type: string;
  port: string;
  idx: number;
  created_at: number;
}

/** Maps an `events` row to its record. */
export function eventOf(row: EventRow): EventRecord {
  return {
    taskId: row.task_id,
    artifactId: row.artifact_id,
    type: row.type as EventType,
    port: row.port,
    index: row.idx,
    createdAt: row.created_at,
  };
}
