/**
 * The experiment controller: Katib's reconcile loop as one async loop. Each round it checks
 * completion (goal → failures → max trials → suggestion end), asks the algorithm for
 * `min(parallel, maxTrials − completed) − active` new trials, starts them with early-stopping
 * rules from the median stopping service, and waits for one to finish. State is saved after
 * every change, so a killed run resumes: finished trials are kept, trials that were running
 * are run again with the same name and parameters.
 */
import { KiteError, sha256 } from '../core/index.js';
import type { SearchAlgorithm, TrialView } from './algorithms/algorithm.js';
import { createAlgorithm } from './algorithms/registry.js';
import { createStopChecker, MedianStop } from './early-stopping/medianstop.js';
import { observationOf, UNAVAILABLE } from './metrics-collector.js';
import { fromAssignments, toAssignments, toSearchSpace } from './search-space.js';
import { type ExperimentState, type ExperimentStateStore, memoryStateStore } from './state-store.js';
import { buildStatus, completionOf, type ExperimentStatus, trialObjective } from './status.js';
import type { RunOutcome, Trial, TrialRunner } from './trial.js';
import type { Experiment, ObjectiveType } from './types.js';

export type ExperimentEvent =
  | { type: 'trial-started'; trial: Trial }
  | { type: 'trial-finished'; trial: Trial; objective?: number }
  | { type: 'completed'; status: ExperimentStatus }
  | { type: 'resumed'; finished: number; rerun: number };

export interface RunExperimentOptions {
  runner: TrialRunner;
  /** Default: in memory (no resume). */
  store?: ExperimentStateStore;
  /** Cancels the experiment: running trials are stopped and saved as Created (a resume reruns them). */
  signal?: AbortSignal;
  onEvent?: (event: ExperimentEvent) => void;
}

export interface ExperimentResult {
  status: ExperimentStatus;
  trials: Trial[];
  state: ExperimentState;
}

const HEARTBEAT_MS = 5_000;
const TERMINAL = new Set(['Succeeded', 'Failed', 'Killed', 'EarlyStopped', 'MetricsUnavailable']);

/** Katib-style trial names: `<experiment>-<8 lowercase alphanumerics>`, deterministic per index. */
export function trialName(experiment: string, index: number): string {
  const h = sha256(`${experiment}/${index}`).replace(/[^a-z0-9]/g, '');
  return `${experiment}-${h.slice(0, 8)}`;
}

/** The spec without the three fields Katib lets a user edit after creation. */
function specKey(e: Experiment): string {
  const { status: _s, ...rest } = e;
  const { parallelTrialCount: _p, maxTrialCount: _m, maxFailedTrialCount: _f, ...spec } = rest.spec;
  return JSON.stringify({ ...rest, spec });
}

/**
 * Katib's rules for changing a saved experiment: only the trial counts may change, and a
 * completed experiment restarts only if it Succeeded by reaching maxTrialCount, its
 * resumePolicy is LongRunning or FromVolume, and the new maxTrialCount exceeds its trials.
 */
function checkEdit(saved: ExperimentState, e: Experiment): 'same' | 'edited' | 'restart' {
  const name = e.metadata.name;
  if (specKey(saved.experiment) !== specKey(e))
    throw new KiteError('CONFLICT', `saved state of experiment ${name} belongs to a different spec`, {
      hint: 'only spec.parallelTrialCount, spec.maxTrialCount and spec.maxFailedTrialCount are editable; rename the experiment to start a new one',
    });
  if (JSON.stringify(saved.experiment.spec) === JSON.stringify(e.spec)) return 'same';
  if (!saved.completed) return 'edited';
  const restartable =
    saved.completed.type === 'Succeeded' &&
    saved.completed.reason === 'ExperimentMaxTrialsReached' &&
    (e.spec.resumePolicy === 'LongRunning' || e.spec.resumePolicy === 'FromVolume');
  if (!restartable)
    throw new KiteError(
      'CONFLICT',
      'Experiment can be restarted if it is in succeeded state by reaching max trials and spec.resumePolicy = LongRunning or spec.resumePolicy = FromVolume, when experiment is completed',
    );
  if (e.spec.maxTrialCount !== undefined && e.spec.maxTrialCount <= saved.trials.length)
    throw new KiteError(
      'CONFLICT',
      `spec.maxTrialCount: Invalid value: ${e.spec.maxTrialCount}: must be greater than status.trials count`,
    );
  return 'restart';
}

/**
 * Runs a (defaulted, validated) Experiment to completion and returns Katib's status.
 *
 * @example
 * ```ts
 * const { status } = await runExperiment(applyDefaults(exp), {
 *   runner: objectiveRunner(async ({ x }) => ({ loss: (Number(x) - 1) ** 2 })),
 * });
 * status.currentOptimalTrial.parameterAssignments;
 * ```
 */
export async function runExperiment(e: Experiment, options: RunExperimentOptions): Promise<ExperimentResult> {
  const store = options.store ?? memoryStateStore();
  const emit = options.onEvent ?? (() => {});
  const space = toSearchSpace(e.spec.parameters ?? []);
  const objectiveName = e.spec.objective?.objectiveMetricName ?? '';
  const objectiveType = (e.spec.objective?.type ?? 'minimize') as ObjectiveType;
  const metricNames = [objectiveName, ...(e.spec.objective?.additionalMetricNames ?? [])];
  const algorithm: SearchAlgorithm = createAlgorithm(e);
  const es = e.spec.earlyStopping;
  const median =
    es?.algorithmName === 'medianstop'
      ? new MedianStop(objectiveName, objectiveType, es.algorithmSettings)
      : undefined;

  let state = store.load();
  if (state) {
    const edit = checkEdit(state, e);
    if (edit !== 'same') state.experiment = e;
    if (edit === 'restart') {
      delete state.completed;
      delete state.completionTime;
    }
    const rerun = state.trials.filter((t) => !TERMINAL.has(t.state));
    for (const t of rerun) {
      t.state = 'Created';
      t.metricLogs = [];
      delete t.observation;
    }
    if (state.algorithmState !== undefined) algorithm.importState?.(state.algorithmState);
    emit({ type: 'resumed', finished: state.trials.length - rerun.length, rerun: rerun.length });
    if (state.completed) {
      return { status: buildStatus(state), trials: state.trials, state };
    }
  } else state = { experiment: e, trials: [], exhausted: false, startTime: new Date().toISOString() };
  const st: ExperimentState = state;
  const save = (): void => store.save(st);
  save();

  const view = (t: Trial): TrialView => {
    const v = trialObjective(e, t);
    const ok = (t.state === 'Succeeded' || t.state === 'EarlyStopped') && v !== undefined;
    return {
      name: t.name,
      point: fromAssignments(space, t.parameterAssignments),
      state: t.state,
      ...(ok ? { loss: objectiveType === 'maximize' ? -v : v } : {}),
      labels: t.labels,
    };
  };
  const succeededLogs = () =>
    st.trials
      .filter((t) => t.state === 'Succeeded')
      .map((t) => ({
        name: t.name,
        objectiveLog: t.metricLogs
          .filter((l) => l.name === objectiveName)
          .map((l) => Number(l.value))
          .filter(Number.isFinite),
      }));

  const running = new Map<string, Promise<void>>();
  const controllers = new Map<string, AbortController>();
  let cancelled = false;
  const onAbort = (): void => {
    cancelled = true;
    for (const c of controllers.values()) c.abort();
  };
  options.signal?.addEventListener('abort', onAbort);
  const beat = store.heartbeat ? setInterval(() => store.heartbeat?.(), HEARTBEAT_MS) : undefined;
  beat?.unref();

  const start = (t: Trial): void => {
    const ac = new AbortController();
    controllers.set(t.name, ac);
    t.state = 'Running';
    t.startTime = new Date().toISOString();
    save();
    emit({ type: 'trial-started', trial: t });
    const checker = createStopChecker(t.earlyStoppingRules, objectiveName, objectiveType);
    let early = false;
    const hooks = {
      signal: ac.signal,
      onLogs: (logs: readonly import('./metrics-collector.js').MetricLog[]) => {
        for (const l of logs) {
          t.metricLogs.push(l);
          const v = Number(l.value);
          if (!early && l.value.trim() !== '' && Number.isFinite(v) && checker.observe(l.name, v)) {
            early = true;
            ac.abort();
          }
        }
      },
    };
    const p = (async () => {
      let outcome: RunOutcome;
      try {
        outcome = await options.runner.run(t, fromAssignments(space, t.parameterAssignments), hooks);
      } catch (err) {
        outcome = { ok: false, message: err instanceof Error ? err.message : String(err) };
      }
      finish(t, outcome, early);
    })();
    running.set(t.name, p);
  };

  const finish = (t: Trial, outcome: RunOutcome, early: boolean): void => {
    controllers.delete(t.name);
    running.delete(t.name);
    t.completionTime = new Date().toISOString();
    const obs = observationOf(t.metricLogs, metricNames);
    const objectiveMissing = obs[0]?.latest === UNAVAILABLE;
    if (!objectiveMissing) t.observation = obs;
    if (early) {
      t.state = 'EarlyStopped';
      t.reason = 'TrialEarlyStopped';
      t.message = 'Trial is early stopped';
      t.observation = obs;
    } else if (cancelled) {
      // Interrupted, not finished: kept as Created so that a resume runs it again.
      t.state = 'Created';
      t.metricLogs = [];
      delete t.observation;
      delete t.startTime;
      delete t.completionTime;
    } else if (!outcome.ok) {
      t.state = 'Failed';
      t.reason = 'TrialFailed';
      t.message = outcome.message ?? 'Trial has failed';
    } else if (objectiveMissing) {
      t.state = 'MetricsUnavailable';
      t.reason = 'MetricsUnavailable';
      t.message = `Metrics are not available: objective metric ${objectiveName} was not reported`;
      t.observation = [{ name: objectiveName, min: UNAVAILABLE, max: UNAVAILABLE, latest: UNAVAILABLE }];
    } else {
      t.state = 'Succeeded';
      t.reason = 'TrialSucceeded';
      t.message = 'Trial has succeeded';
    }
    save();
    const v = trialObjective(e, t);
    emit({ type: 'trial-finished', trial: t, ...(v === undefined ? {} : { objective: v }) });
  };

  // Trials created before a kill run again first.
  for (const t of st.trials) if (t.state === 'Created') start(t);

  try {
    for (;;) {
      if (cancelled) break;
      const completed = completionOf(e, st.trials, st.exhausted);
      if (completed) {
        st.completed = completed;
        break;
      }
      const done = st.trials.filter((t) => TERMINAL.has(t.state)).length;
      const active = st.trials.length - done;
      const parallel = e.spec.parallelTrialCount ?? 3;
      const required =
        e.spec.maxTrialCount === undefined ? parallel : Math.min(parallel, e.spec.maxTrialCount - done);
      const want = required - active;
      if (want > 0 && !st.exhausted) {
        const suggestions = algorithm.suggest({ trials: st.trials.map(view), count: want });
        st.algorithmState = algorithm.exportState?.();
        if (suggestions.length === 0 && active === 0) st.exhausted = true;
        const rules = median?.rules(succeededLogs()) ?? [];
        for (const s of suggestions.slice(0, want)) {
          const t: Trial = {
            name: s.name ?? trialName(e.metadata.name ?? 'experiment', st.trials.length),
            parameterAssignments: toAssignments(space, s.point),
            labels: s.labels ?? {},
            state: 'Created',
            metricLogs: [],
            earlyStoppingRules: rules,
          };
          st.trials.push(t);
          start(t);
        }
        save();
        if (st.exhausted) continue;
      }
      if (running.size === 0) {
        if (want <= 0 || st.exhausted) continue;
        // The algorithm is waiting (e.g. hyperband between brackets) but nothing runs: end.
        st.exhausted = true;
        continue;
      }
      await Promise.race(running.values());
    }
    // Katib lets running trials finish after the experiment completes.
    await Promise.all(running.values());
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    if (beat) clearInterval(beat);
  }
  if (cancelled && !st.completed) {
    await Promise.all(running.values());
    save();
    const status = buildStatus(st);
    return { status, trials: st.trials, state: st };
  }
  st.completionTime = new Date().toISOString();
  save();
  const status = buildStatus(st);
  emit({ type: 'completed', status });
  return { status, trials: st.trials, state: st };
}
