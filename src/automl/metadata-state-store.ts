/**
 * An {@link ExperimentStateStore} in Kite's SQLite metadata store (`src/store`): the experiment
 * row holds the defaulted spec, Katib's status and the search state; one trial row per trial
 * (parameter assignments, labels and rules in `params`, final observation, error); every
 * metric log entry is a trial report, so median stopping and the observation are rebuilt
 * from the store on resume. Ownership: loading claims the experiment, so two `kite tune`
 * processes cannot drive the same experiment (`CONFLICT`).
 */
import type { ExperimentStore, TrialRecord } from '../store/index.js';
import type { TrialState } from './algorithms/algorithm.js';
import type { EarlyStoppingRule } from './early-stopping/medianstop.js';
import type { MetricLog } from './metrics-collector.js';
import type { ExperimentState, ExperimentStateStore } from './state-store.js';
import { buildStatus } from './status.js';
import type { Trial } from './trial.js';
import type { Experiment, Metric, ParameterAssignment } from './types.js';

interface SearchState {
  algorithmState?: unknown;
  exhausted: boolean;
  startTime: string;
  completionTime?: string;
  completed?: ExperimentState['completed'];
}

interface TrialParams {
  parameterAssignments: ParameterAssignment[];
  labels: Record<string, string>;
  earlyStoppingRules: EarlyStoppingRule[];
}

const TERMINAL = new Set(['Succeeded', 'Failed', 'Killed', 'EarlyStopped', 'MetricsUnavailable']);

const REASON: Partial<Record<TrialState, [string, string]>> = {
  Succeeded: ['TrialSucceeded', 'Trial has succeeded'],
  EarlyStopped: ['TrialEarlyStopped', 'Trial is early stopped'],
  MetricsUnavailable: ['MetricsUnavailable', 'Metrics are not available'],
  Killed: ['TrialKilled', 'Trial is killed'],
};

/**
 * Keeps the state of experiment `name` (use `<namespace>/<name>`) in `store`.
 *
 * @example
 * ```ts
 * const store = openStore('.kite');
 * await runExperiment(e, { runner, store: metadataStateStore(store.meta, 'kubeflow/random') });
 * ```
 */
export function metadataStateStore(store: ExperimentStore, name: string): ExperimentStateStore {
  const ids = new Map<string, number>();
  const saved = new Map<string, { state: string; logs: number; key: string }>();
  const trialOf = (r: TrialRecord): Trial => {
    const p = r.params as unknown as TrialParams;
    const state = r.state as TrialState;
    const logs: MetricLog[] = store.listTrialReports(r.id).flatMap((rep) =>
      Object.entries(rep.metrics).map(([n, v]) => ({
        timestamp: new Date(rep.time).toISOString(),
        name: n,
        value: String(v),
      })),
    );
    const reason =
      state === 'Failed' ? ['TrialFailed', r.error?.message ?? 'Trial has failed'] : REASON[state];
    const t: Trial = {
      name: r.name,
      parameterAssignments: p.parameterAssignments,
      labels: p.labels,
      state,
      metricLogs: logs,
      earlyStoppingRules: p.earlyStoppingRules,
      ...(reason ? { reason: reason[0], message: reason[1] } : {}),
      ...(r.observation ? { observation: r.observation as Metric[] } : {}),
      ...(r.startedAt ? { startTime: new Date(r.startedAt).toISOString() } : {}),
      ...(r.finishedAt ? { completionTime: new Date(r.finishedAt).toISOString() } : {}),
    };
    ids.set(t.name, r.id);
    saved.set(t.name, { state: r.state, logs: logs.length, key: JSON.stringify(r.observation ?? null) });
    return t;
  };
  return {
    heartbeat() {
      store.heartbeatExperiment(name);
    },
    load() {
      const e = store.getExperiment(name);
      if (!e) return undefined;
      store.claimExperiment(name);
      const search = e.algorithmState as SearchState;
      return {
        experiment: e.spec as Experiment,
        trials: store.listTrials(name).map(trialOf),
        exhausted: search.exhausted,
        startTime: search.startTime,
        ...(search.algorithmState === undefined ? {} : { algorithmState: search.algorithmState }),
        ...(search.completionTime ? { completionTime: search.completionTime } : {}),
        ...(search.completed ? { completed: search.completed } : {}),
      };
    },
    save(state) {
      const search: SearchState = {
        exhausted: state.exhausted,
        startTime: state.startTime,
        ...(state.algorithmState === undefined ? {} : { algorithmState: state.algorithmState }),
        ...(state.completionTime ? { completionTime: state.completionTime } : {}),
        ...(state.completed ? { completed: state.completed } : {}),
      };
      const status = buildStatus(state);
      const phase = state.completed?.type ?? 'Running';
      if (!store.getExperiment(name)) {
        store.upsertExperiment({
          name,
          spec: state.experiment,
          state: phase,
          status,
          algorithmState: search,
        });
        store.claimExperiment(name);
      } else store.updateExperiment(name, { state: phase, status, algorithmState: search });
      store.heartbeatExperiment(name);
      for (const t of state.trials) {
        let id = ids.get(t.name);
        const params: TrialParams = {
          parameterAssignments: t.parameterAssignments,
          labels: t.labels,
          earlyStoppingRules: t.earlyStoppingRules,
        };
        if (id === undefined) {
          id = store.createTrial(name, {
            name: t.name,
            params: params as unknown as Record<string, unknown>,
            state: t.state,
          }).id;
          ids.set(t.name, id);
        }
        const before = saved.get(t.name) ?? { state: '', logs: 0, key: 'null' };
        // Reports are written once, when the trial finishes: an interrupted trial is run again
        // from the start, so partial logs of a killed attempt never reach the store.
        if (TERMINAL.has(t.state) && !TERMINAL.has(before.state))
          t.metricLogs.forEach((l, i) => {
            const v = Number(l.value);
            if (l.value.trim() !== '' && Number.isFinite(v))
              store.appendTrialReport(id as number, i, { [l.name]: v });
          });
        const key = JSON.stringify(t.observation ?? null);
        if (before.state !== t.state || before.key !== key) {
          store.updateTrial(id, {
            state: t.state,
            observation: t.observation ?? null,
            error: t.state === 'Failed' ? { message: t.message ?? 'Trial has failed' } : null,
            startedAt: t.startTime ? Date.parse(t.startTime) : null,
            finishedAt: t.completionTime ? Date.parse(t.completionTime) : null,
          });
        }
        saved.set(t.name, { state: t.state, logs: t.metricLogs.length, key });
      }
    },
  };
}
