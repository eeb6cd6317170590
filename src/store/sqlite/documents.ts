/** {@link KvStore} and {@link ExperimentStore} on SQLite: state of other modules (AutoML). */
import { KiteError } from '../../core/index.js';
import { currentOwner, DEFAULT_STALE_MS, isOwnerDead, isSelf } from '../owner.js';
import type {
  ErrorInfo,
  ExperimentRecord,
  ExperimentStore,
  KvRecord,
  KvStore,
  TrialRecord,
  TrialReport,
} from '../types.js';
import { type Db, fromJson, ownerOf, toJson } from './rows.js';

interface KvRow {
  namespace: string;
  key: string;
  value: string;
  updated_at: number;
}

interface ExperimentRow {
  name: string;
  spec: string;
  state: string;
  status: string | null;
  algorithm_state: string | null;
  owner_pid: number | null;
  owner_host: string | null;
  heartbeat_at: number | null;
  created_at: number;
  updated_at: number;
}

interface TrialRow {
  id: number;
  experiment_name: string;
  name: string;
  params: string;
  state: string;
  observation: string | null;
  error: string | null;
  run_id: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
}

const kvOf = <T>(r: KvRow): KvRecord<T> => ({
  namespace: r.namespace,
  key: r.key,
  value: JSON.parse(r.value) as T,
  updatedAt: r.updated_at,
});

const experimentOf = (r: ExperimentRow): ExperimentRecord => ({
  name: r.name,
  spec: fromJson(r.spec),
  state: r.state,
  status: fromJson(r.status),
  algorithmState: fromJson(r.algorithm_state),
  owner: ownerOf(r.owner_pid, r.owner_host),
  heartbeatAt: r.heartbeat_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const trialOf = (r: TrialRow): TrialRecord => ({
  id: r.id,
  experimentName: r.experiment_name,
  name: r.name,
  params: fromJson<Record<string, unknown>>(r.params) ?? {},
  state: r.state,
  observation: fromJson(r.observation),
  error: fromJson<ErrorInfo>(r.error),
  runId: r.run_id,
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

/** The {@link KvStore} part of the SQLite metadata store. */
export function createKvStore(d: Db): KvStore {
  return {
    kvGet<T>(namespace: string, key: string) {
      const row = d.prepare('SELECT * FROM kv WHERE namespace = ? AND key = ?').get(namespace, key) as
        | KvRow
        | undefined;
      return row === undefined ? undefined : kvOf<T>(row);
    },
    kvPut(namespace, key, value) {
      d.prepare(
        `INSERT INTO kv (namespace, key, value, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      ).run(namespace, key, toJson(value), Date.now());
    },
    kvDelete(namespace, key) {
      return d.prepare('DELETE FROM kv WHERE namespace = ? AND key = ?').run(namespace, key).changes > 0;
    },
    kvList<T>(namespace: string, prefix = '') {
      const rows = d
        .prepare('SELECT * FROM kv WHERE namespace = ? AND substr(key, 1, ?) = ? ORDER BY key')
        .all(namespace, prefix.length, prefix) as KvRow[];
      return rows.map((r) => kvOf<T>(r));
    },
  };
}

/** The {@link ExperimentStore} part of the SQLite metadata store. */
export function createExperimentStore(d: Db): ExperimentStore {
  const getExperiment = (name: string): ExperimentRecord | undefined => {
    const row = d.prepare('SELECT * FROM experiments WHERE name = ?').get(name) as ExperimentRow | undefined;
    return row === undefined ? undefined : experimentOf(row);
  };
  const requireExperiment = (name: string): ExperimentRecord => {
    const e = getExperiment(name);
    if (e === undefined) throw new KiteError('NOT_FOUND', `no experiment named '${name}'`);
    return e;
  };
  const getTrial = (id: number): TrialRecord => {
    const row = d.prepare('SELECT * FROM trials WHERE id = ?').get(id) as TrialRow | undefined;
    if (row === undefined) throw new KiteError('NOT_FOUND', `no trial with id ${id}`);
    return trialOf(row);
  };

  return {
    upsertExperiment(options) {
      const now = Date.now();
      d.prepare(
        `INSERT OR IGNORE INTO experiments (name, spec, state, status, algorithm_state, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        options.name,
        toJson(options.spec),
        options.state,
        toJson(options.status),
        toJson(options.algorithmState),
        now,
        now,
      );
      return requireExperiment(options.name);
    },
    getExperiment,
    listExperiments() {
      return (d.prepare('SELECT * FROM experiments ORDER BY created_at, name').all() as ExperimentRow[]).map(
        experimentOf,
      );
    },
    updateExperiment(name, patch) {
      return d.tx(() => {
        const e = requireExperiment(name);
        d.prepare(
          'UPDATE experiments SET state = ?, status = ?, algorithm_state = ?, updated_at = ? WHERE name = ?',
        ).run(
          patch.state ?? e.state,
          toJson(patch.status === undefined ? e.status : patch.status),
          toJson(patch.algorithmState === undefined ? e.algorithmState : patch.algorithmState),
          Date.now(),
          name,
        );
        return requireExperiment(name);
      });
    },
    claimExperiment(name, options = {}) {
      return d.tx(() => {
        const e = requireExperiment(name);
        const dead = isOwnerDead(e.owner, e.heartbeatAt, options.staleMs ?? DEFAULT_STALE_MS);
        if (!options.force && !isSelf(e.owner) && !dead) {
          throw new KiteError(
            'CONFLICT',
            `experiment '${name}' is in use by process ${e.owner?.pid} on ${e.owner?.host}`,
            {
              hint: 'wait for that `kite tune` to finish or stop it',
            },
          );
        }
        const self = currentOwner();
        d.prepare(
          'UPDATE experiments SET owner_pid = ?, owner_host = ?, heartbeat_at = ? WHERE name = ?',
        ).run(self.pid, self.host, Date.now(), name);
        return requireExperiment(name);
      });
    },
    heartbeatExperiment(name) {
      const self = currentOwner();
      return (
        d
          .prepare(
            'UPDATE experiments SET heartbeat_at = ? WHERE name = ? AND owner_pid = ? AND owner_host = ?',
          )
          .run(Date.now(), name, self.pid, self.host).changes > 0
      );
    },
    createTrial(experimentName, options) {
      try {
        const info = d
          .prepare(
            `INSERT INTO trials (experiment_name, name, params, state, run_id, created_at)
             VALUES (?, ?, ?, ?, ?, ?)`,
          )
          .run(
            experimentName,
            options.name,
            toJson(options.params),
            options.state,
            options.runId ?? null,
            Date.now(),
          );
        return getTrial(Number(info.lastInsertRowid));
      } catch (cause) {
        const code = (cause as { code?: string }).code;
        if (code === 'SQLITE_CONSTRAINT_UNIQUE') {
          throw new KiteError(
            'ALREADY_EXISTS',
            `experiment '${experimentName}' already has a trial '${options.name}'`,
            {
              cause,
            },
          );
        }
        if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
          throw new KiteError('NOT_FOUND', `no experiment named '${experimentName}'`, { cause });
        }
        throw cause;
      }
    },
    updateTrial(id, patch) {
      return d.tx(() => {
        const t = getTrial(id);
        const pick = <K extends keyof TrialRecord>(k: K & keyof typeof patch): TrialRecord[K] =>
          (patch[k] === undefined ? t[k] : patch[k]) as TrialRecord[K];
        d.prepare(
          `UPDATE trials SET state = ?, observation = ?, error = ?, run_id = ?, started_at = ?, finished_at = ?
           WHERE id = ?`,
        ).run(
          pick('state'),
          toJson(pick('observation')),
          pick('error') === null ? null : toJson(pick('error')),
          pick('runId'),
          pick('startedAt'),
          pick('finishedAt'),
          id,
        );
        return getTrial(id);
      });
    },
    listTrials(experimentName) {
      return (
        d
          .prepare('SELECT * FROM trials WHERE experiment_name = ? ORDER BY id')
          .all(experimentName) as TrialRow[]
      ).map(trialOf);
    },
    appendTrialReport(trialId, step, metrics) {
      d.prepare(
        'INSERT OR REPLACE INTO trial_reports (trial_id, step, metrics, time) VALUES (?, ?, ?, ?)',
      ).run(trialId, step, toJson(metrics), Date.now());
    },
    listTrialReports(trialId) {
      const rows = d
        .prepare('SELECT * FROM trial_reports WHERE trial_id = ? ORDER BY step')
        .all(trialId) as Array<{ trial_id: number; step: number; metrics: string; time: number }>;
      return rows.map(
        (r): TrialReport => ({
          trialId: r.trial_id,
          step: r.step,
          metrics: JSON.parse(r.metrics) as Record<string, number>,
          time: r.time,
        }),
      );
    },
  };
}
