/** {@link TaskStore} on SQLite: tasks, their attempts, cache lookups. */
import { KiteError } from '../../core/index.js';
import type {
  AttemptRecord,
  CacheHit,
  ErrorInfo,
  EventType,
  PortValues,
  ResourceUsage,
  TaskRecord,
  TaskStore,
} from '../types.js';
import {
  type ArtifactRow,
  type AttemptRow,
  artifactOf,
  attemptOf,
  type Db,
  type TaskRow,
  taskOf,
  toJson,
} from './rows.js';

const COMPLETED = new Set(['SUCCEEDED', 'CACHED']);

function isConstraint(cause: unknown, code: string): boolean {
  return (cause as { code?: string }).code === code;
}

/** Records lineage events for every artifact id of every port (replacing a retry's copies). */
export function writeEvents(
  d: Db,
  taskId: number,
  type: EventType,
  artifacts: Record<string, readonly number[]>,
  now: number,
): void {
  const insert = d.prepare(
    'INSERT OR REPLACE INTO events (task_id, artifact_id, type, port, idx, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  for (const [port, ids] of Object.entries(artifacts)) {
    ids.forEach((artifactId, idx) => {
      try {
        insert.run(taskId, artifactId, type, port, idx, now);
      } catch (cause) {
        if (isConstraint(cause, 'SQLITE_CONSTRAINT_FOREIGNKEY')) {
          throw new KiteError(
            'NOT_FOUND',
            `artifact ${artifactId} (${type.toLowerCase()} '${port}') does not exist`,
            {
              cause,
            },
          );
        }
        throw cause;
      }
    });
  }
}

/** The {@link TaskStore} part of the SQLite metadata store. */
export function createTaskStore(d: Db): TaskStore {
  const getTaskById = (id: number): TaskRecord | undefined => {
    const row = d.prepare('SELECT * FROM tasks WHERE id = ?').get(id) as TaskRow | undefined;
    return row === undefined ? undefined : taskOf(row);
  };
  const requireTask = (id: number): TaskRecord => {
    const task = getTaskById(id);
    if (task === undefined) throw new KiteError('NOT_FOUND', `no task with id ${id}`);
    return task;
  };
  const requireOpenAttempt = (taskId: number, attempt: number): AttemptRecord => {
    const row = d.prepare('SELECT * FROM attempts WHERE task_id = ? AND attempt = ?').get(taskId, attempt) as
      | AttemptRow
      | undefined;
    if (row === undefined) throw new KiteError('NOT_FOUND', `task ${taskId} has no attempt ${attempt}`);
    if (row.state !== 'RUNNING') {
      throw new KiteError('CONFLICT', `attempt ${attempt} of task ${taskId} is already ${row.state}`, {
        hint: 'the run was probably resumed by another process',
      });
    }
    return attemptOf(row);
  };
  const closeAttempt = (
    taskId: number,
    attempt: number,
    state: string,
    error: ErrorInfo | null,
    usage: ResourceUsage | undefined,
    now: number,
  ): void => {
    d.prepare(
      `UPDATE attempts SET state = ?, finished_at = ?, error = ?, wall_ms = ?, cpu_ms = ?, peak_rss_bytes = ?
       WHERE task_id = ? AND attempt = ?`,
    ).run(
      state,
      now,
      error === null ? null : toJson(error),
      usage?.wallMs ?? null,
      usage?.cpuMs ?? null,
      usage?.peakRssBytes ?? null,
      taskId,
      attempt,
    );
    if (usage !== undefined) {
      d.prepare(
        `UPDATE tasks SET wall_ms = COALESCE(wall_ms, 0) + ?, cpu_ms = COALESCE(cpu_ms, 0) + ?,
           peak_rss_bytes = MAX(COALESCE(peak_rss_bytes, 0), ?) WHERE id = ?`,
      ).run(usage.wallMs, usage.cpuMs, usage.peakRssBytes, taskId);
    }
  };
  const setTaskEnd = (taskId: number, state: string, error: ErrorInfo | null, finishedAt: number | null) => {
    d.prepare(
      'UPDATE tasks SET state = ?, finished_at = ?, error_message = ?, error_stack = ?, error_code = ? WHERE id = ?',
    ).run(state, finishedAt, error?.message ?? null, error?.stack ?? null, error?.code ?? null, taskId);
  };
  const assertStartable = (task: TaskRecord, what: string) => {
    if (task.state === 'RUNNING' || COMPLETED.has(task.state)) {
      throw new KiteError(
        'CONFLICT',
        `cannot ${what} task '${task.path}' of run ${task.runId}: it is ${task.state}`,
      );
    }
  };
  const outputArtifacts = (taskId: number) =>
    (
      d
        .prepare(
          `SELECT a.* FROM events e JOIN artifacts a ON a.id = e.artifact_id
           WHERE e.task_id = ? AND e.type = 'OUTPUT' ORDER BY e.port, e.idx`,
        )
        .all(taskId) as ArtifactRow[]
    ).map(artifactOf);
  const recordInputs = (
    taskId: number,
    inputs: PortValues | undefined,
    cacheKey: string | null | undefined,
  ) => {
    if (inputs !== undefined) {
      d.prepare('UPDATE tasks SET inputs = ? WHERE id = ?').run(toJson(inputs), taskId);
      writeEvents(d, taskId, 'INPUT', inputs.artifacts, Date.now());
    }
    if (cacheKey !== undefined)
      d.prepare('UPDATE tasks SET cache_key = ? WHERE id = ?').run(cacheKey, taskId);
  };

  const store: TaskStore = {
    ensureTask(runId, options) {
      try {
        d.prepare(
          `INSERT OR IGNORE INTO tasks (run_id, path, component_name, state, created_at)
           VALUES (?, ?, ?, 'PENDING', ?)`,
        ).run(runId, options.path, options.componentName, Date.now());
      } catch (cause) {
        if (isConstraint(cause, 'SQLITE_CONSTRAINT_FOREIGNKEY')) {
          throw new KiteError('NOT_FOUND', `no run with id '${runId}'`, { cause });
        }
        throw cause;
      }
      return store.getTask(runId, options.path)!;
    },

    getTask(runId, path) {
      const row = d.prepare('SELECT * FROM tasks WHERE run_id = ? AND path = ?').get(runId, path) as
        | TaskRow
        | undefined;
      return row === undefined ? undefined : taskOf(row);
    },

    getTaskById,

    listTasks(runId) {
      return (d.prepare('SELECT * FROM tasks WHERE run_id = ? ORDER BY id').all(runId) as TaskRow[]).map(
        taskOf,
      );
    },

    listAttempts(taskId) {
      return (
        d.prepare('SELECT * FROM attempts WHERE task_id = ? ORDER BY attempt').all(taskId) as AttemptRow[]
      ).map(attemptOf);
    },

    startAttempt(taskId, options = {}) {
      const now = Date.now();
      return d.tx(() => {
        const task = requireTask(taskId);
        assertStartable(task, 'start an attempt of');
        const attempt = task.attempts + 1;
        d.prepare(
          `INSERT INTO attempts (task_id, attempt, state, started_at) VALUES (?, ?, 'RUNNING', ?)`,
        ).run(taskId, attempt, now);
        d.prepare(
          `UPDATE tasks SET state = 'RUNNING', attempts = ?, started_at = COALESCE(started_at, ?), finished_at = NULL,
             error_message = NULL, error_stack = NULL, error_code = NULL WHERE id = ?`,
        ).run(attempt, now, taskId);
        recordInputs(taskId, options.inputs, options.cacheKey);
        return {
          taskId,
          attempt,
          state: 'RUNNING',
          startedAt: now,
          finishedAt: null,
          error: null,
          usage: null,
        };
      });
    },

    failAttempt(taskId, attempt, options) {
      const now = Date.now();
      return d.tx(() => {
        requireOpenAttempt(taskId, attempt);
        const state = options.canceled ? 'CANCELED' : 'FAILED';
        closeAttempt(taskId, attempt, state, options.error, options.usage, now);
        if (options.retrying && !options.canceled) setTaskEnd(taskId, 'PENDING', options.error, null);
        else setTaskEnd(taskId, state, options.error, now);
        return requireTask(taskId);
      });
    },

    succeedAttempt(taskId, attempt, options) {
      const now = Date.now();
      return d.tx(() => {
        requireOpenAttempt(taskId, attempt);
        const supersede = d.prepare('UPDATE artifacts SET committed = 0 WHERE uri = ? AND committed = 1');
        const insert = d.prepare(
          `INSERT INTO artifacts (uri, type_title, digest, size_bytes, kind, metadata, created_at, committed,
             producer_task_id) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)`,
        );
        const ids: Record<string, number[]> = {};
        for (const [port, list] of Object.entries(options.artifacts ?? {})) {
          ids[port] = list.map((a) => {
            supersede.run(a.uri);
            const info = insert.run(
              a.uri,
              a.typeTitle,
              a.digest,
              a.sizeBytes,
              a.kind,
              toJson(a.metadata ?? {}),
              now,
              taskId,
            );
            return Number(info.lastInsertRowid);
          });
        }
        writeEvents(d, taskId, 'OUTPUT', ids, now);
        const outputs: PortValues = { parameters: options.parameters ?? {}, artifacts: ids };
        d.prepare('UPDATE tasks SET outputs = ? WHERE id = ?').run(toJson(outputs), taskId);
        closeAttempt(taskId, attempt, 'SUCCEEDED', null, options.usage, now);
        setTaskEnd(taskId, 'SUCCEEDED', null, now);
        return requireTask(taskId);
      });
    },

    markCached(taskId, source, options = {}) {
      const now = Date.now();
      return d.tx(() => {
        const task = requireTask(taskId);
        assertStartable(task, 'mark as cached');
        const outputs: PortValues = source.task.outputs ?? { parameters: {}, artifacts: {} };
        recordInputs(taskId, options.inputs, options.cacheKey ?? source.task.cacheKey);
        writeEvents(d, taskId, 'OUTPUT', outputs.artifacts, now);
        d.prepare(
          `UPDATE tasks SET state = 'CACHED', cached_from = ?, outputs = ?, started_at = ?, finished_at = ?,
             error_message = NULL, error_stack = NULL, error_code = NULL WHERE id = ?`,
        ).run(source.task.id, toJson(outputs), now, now, taskId);
        return requireTask(taskId);
      });
    },

    resetTask(taskId) {
      return d.tx(() => {
        const task = requireTask(taskId);
        if (task.state === 'RUNNING') {
          throw new KiteError(
            'CONFLICT',
            `cannot reset task '${task.path}' of run ${task.runId}: it is RUNNING`,
          );
        }
        d.prepare(
          `UPDATE tasks SET state = 'PENDING', outputs = NULL, cached_from = NULL, finished_at = NULL,
             error_message = NULL, error_stack = NULL, error_code = NULL WHERE id = ?`,
        ).run(taskId);
        return requireTask(taskId);
      });
    },

    markTask(taskId, state, error = null) {
      const now = Date.now();
      return d.tx(() => {
        const task = requireTask(taskId);
        if (COMPLETED.has(task.state)) {
          throw new KiteError('CONFLICT', `cannot mark task '${task.path}' ${state}: it is ${task.state}`);
        }
        if (task.state === 'RUNNING') closeAttempt(taskId, task.attempts, 'CANCELED', error, undefined, now);
        setTaskEnd(taskId, state, error, now);
        return requireTask(taskId);
      });
    },

    listCacheCandidates(cacheKey, limit = 20) {
      const rows = d
        .prepare(
          `SELECT t.* FROM tasks t WHERE t.cache_key = ? AND t.state = 'SUCCEEDED'
             AND NOT EXISTS (SELECT 1 FROM events e JOIN artifacts a ON a.id = e.artifact_id
                             WHERE e.task_id = t.id AND e.type = 'OUTPUT' AND a.committed = 0)
           ORDER BY t.finished_at DESC, t.id DESC LIMIT ?`,
        )
        .all(cacheKey, limit) as TaskRow[];
      return rows.map((row): CacheHit => ({ task: taskOf(row), artifacts: outputArtifacts(row.id) }));
    },

    findCachedExecution(cacheKey, isPresent) {
      for (const hit of store.listCacheCandidates(cacheKey)) {
        if (isPresent === undefined || hit.artifacts.every(isPresent)) return hit;
      }
      return undefined;
    },
  };
  return store;
}
