/** {@link RunStore} on SQLite: run rows, ownership and the claim that prepares a resume. */
import { digestOf, KiteError } from '../../core/index.js';
import { newRunId } from '../ids.js';
import { currentOwner, DEFAULT_STALE_MS, isOwnerDead, isSelf } from '../owner.js';
import type { ClaimResult, ErrorInfo, ListRunsOptions, RunRecord, RunStore, TaskRecord } from '../types.js';
import { type Db, fromJson, type RunRow, runOf, type TaskRow, taskOf, toJson } from './rows.js';

const LIVE = new Set(['PENDING', 'RUNNING']);
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The {@link RunStore} part of the SQLite metadata store. */
export function createRunStore(d: Db): RunStore {
  const getRun = (id: string): RunRecord | undefined => {
    const row = d.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
    return row === undefined ? undefined : runOf(row);
  };
  const requireRun = (id: string): RunRecord => {
    const run = getRun(id);
    if (run === undefined) {
      throw new KiteError('NOT_FOUND', `no run with id '${id}'`, { hint: 'list runs with `kite runs list`' });
    }
    return run;
  };
  const isOrphaned = (run: RunRecord, staleMs = DEFAULT_STALE_MS): boolean =>
    LIVE.has(run.state) && isOwnerDead(run.owner, run.heartbeatAt, staleMs);

  /** Closes the open attempts and RUNNING tasks of a run with the given state and error. */
  const closeOpenWork = (
    runId: string,
    state: 'FAILED' | 'CANCELED',
    error: ErrorInfo,
    now: number,
  ): number => {
    const closed = d
      .prepare(
        `UPDATE attempts SET state = ?, finished_at = ?, error = ?
         WHERE state = 'RUNNING' AND task_id IN (SELECT id FROM tasks WHERE run_id = ?)`,
      )
      .run(state, now, toJson(error), runId).changes;
    d.prepare(
      `UPDATE tasks SET state = ?, finished_at = ?, error_message = ?, error_stack = NULL, error_code = ?
       WHERE run_id = ? AND state = 'RUNNING'`,
    ).run(state, now, error.message, error.code ?? null, runId);
    return closed;
  };

  return {
    createRun(options) {
      const id = options.id ?? newRunId();
      if (!SEGMENT.test(id)) {
        throw new KiteError('INVALID_ARGUMENT', `run id '${id}' must match ${SEGMENT}`);
      }
      const now = Date.now();
      const digest = options.specDigest ?? digestOf(options.spec);
      const running = (options.state ?? 'RUNNING') === 'RUNNING';
      const owner = running ? currentOwner() : null;
      d.tx(() => {
        d.prepare('INSERT OR IGNORE INTO specs (digest, json, created_at) VALUES (?, ?, ?)').run(
          digest,
          toJson(options.spec),
          now,
        );
        try {
          d.prepare(
            `INSERT INTO runs (id, pipeline_name, spec_digest, params, state, created_at, started_at,
               root_dir, owner_pid, owner_host, heartbeat_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          ).run(
            id,
            options.pipelineName,
            digest,
            toJson(options.params ?? {}),
            running ? 'RUNNING' : 'PENDING',
            now,
            running ? now : null,
            options.rootDir,
            owner?.pid ?? null,
            owner?.host ?? null,
            running ? now : null,
          );
        } catch (cause) {
          if ((cause as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
            throw new KiteError('ALREADY_EXISTS', `a run with id '${id}' already exists`, { cause });
          }
          throw cause;
        }
      });
      return requireRun(id);
    },

    getRun,
    requireRun,

    resolveRunId(prefix) {
      if (getRun(prefix) !== undefined) return prefix;
      if (prefix.length < 4) {
        throw new KiteError('INVALID_ARGUMENT', `run id prefix '${prefix}' is too short`, {
          hint: 'give at least 4 characters of the run id',
        });
      }
      const escaped = prefix.replace(/[\\%_]/g, (c) => `\\${c}`);
      const rows = d
        .prepare(`SELECT id FROM runs WHERE id LIKE ? ESCAPE '\\' ORDER BY created_at DESC LIMIT 2`)
        .all(`${escaped}%`) as Array<{ id: string }>;
      if (rows.length === 0) {
        throw new KiteError('NOT_FOUND', `no run id starts with '${prefix}'`, {
          hint: 'list runs with `kite runs list`',
        });
      }
      if (rows.length > 1) {
        throw new KiteError('INVALID_ARGUMENT', `run id prefix '${prefix}' is ambiguous`, {
          hint: `it matches ${rows.map((r) => r.id).join(', ')}, …; give more characters`,
        });
      }
      return rows[0]!.id;
    },

    listRuns(options: ListRunsOptions = {}) {
      const where: string[] = [];
      const args: unknown[] = [];
      if (options.state !== undefined) {
        const states = typeof options.state === 'string' ? [options.state] : [...options.state];
        where.push(`state IN (${states.map(() => '?').join(', ')})`);
        args.push(...states);
      }
      if (options.pipelineName !== undefined) {
        where.push('pipeline_name = ?');
        args.push(options.pipelineName);
      }
      const sql =
        'SELECT * FROM runs' +
        (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '') +
        ' ORDER BY created_at DESC, id DESC LIMIT ?';
      args.push(options.limit ?? 50);
      return (d.prepare(sql).all(...args) as RunRow[]).map(runOf);
    },

    getSpec(digest) {
      const row = d.prepare('SELECT json FROM specs WHERE digest = ?').get(digest) as
        | { json: string }
        | undefined;
      if (row === undefined) throw new KiteError('NOT_FOUND', `no pipeline spec with digest ${digest}`);
      return fromJson<unknown>(row.json);
    },

    heartbeat(runId) {
      const self = currentOwner();
      return (
        d
          .prepare(
            `UPDATE runs SET heartbeat_at = ? WHERE id = ? AND owner_pid = ? AND owner_host = ?
             AND state IN ('PENDING', 'RUNNING')`,
          )
          .run(Date.now(), runId, self.pid, self.host).changes > 0
      );
    },

    finishRun(runId, state, error = null) {
      const now = Date.now();
      d.tx(() => {
        requireRun(runId);
        const closing = state === 'CANCELED' ? 'CANCELED' : 'FAILED';
        closeOpenWork(runId, closing, { message: `the run ended ${state} while this attempt was open` }, now);
        d.prepare('UPDATE runs SET state = ?, finished_at = ?, error = ? WHERE id = ?').run(
          state,
          now,
          error === null ? null : toJson(error),
          runId,
        );
      });
      return requireRun(runId);
    },

    isOrphaned,

    claimRun(runId, options = {}) {
      const now = Date.now();
      return d.tx((): ClaimResult => {
        const run = requireRun(runId);
        if (
          LIVE.has(run.state) &&
          !options.force &&
          !isSelf(run.owner) &&
          !isOrphaned(run, options.staleMs ?? DEFAULT_STALE_MS)
        ) {
          throw new KiteError(
            'CONFLICT',
            `run ${runId} is still ${run.state} in process ${run.owner?.pid} on ${run.owner?.host}`,
            { hint: 'wait for it to finish, stop that process, or pass force to take it over' },
          );
        }
        const tasks = (
          d.prepare('SELECT * FROM tasks WHERE run_id = ? ORDER BY id').all(runId) as TaskRow[]
        ).map(taskOf);
        const completed = new Map<string, TaskRecord>();
        for (const task of tasks) {
          if (task.state === 'SUCCEEDED' || task.state === 'CACHED') completed.set(task.path, task);
        }
        if (run.state === 'SUCCEEDED') return { run, completed, reset: [], interruptedAttempts: 0 };

        const interruptedAttempts = closeOpenWork(
          runId,
          'FAILED',
          {
            message: 'interrupted: the process running this attempt stopped before it finished',
            code: 'CANCELED',
          },
          now,
        );
        const reset = tasks.filter((t) => !completed.has(t.path) && t.state !== 'PENDING').map((t) => t.path);
        d.prepare(
          `UPDATE tasks SET state = 'PENDING', finished_at = NULL, error_message = NULL, error_stack = NULL,
             error_code = NULL
           WHERE run_id = ? AND state NOT IN ('SUCCEEDED', 'CACHED')`,
        ).run(runId);
        const self = currentOwner();
        d.prepare(
          `UPDATE runs SET state = 'RUNNING', owner_pid = ?, owner_host = ?, heartbeat_at = ?,
             started_at = COALESCE(started_at, ?), finished_at = NULL, error = NULL
           WHERE id = ?`,
        ).run(self.pid, self.host, now, now, runId);
        return { run: requireRun(runId), completed, reset, interruptedAttempts };
      });
    },
  };
}
