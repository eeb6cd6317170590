/**
 * The Experiment `status` shaped like Katib's (`status_util.go`): trial lists and counts by
 * state, `currentOptimalTrial`, conditions, and the completion rules in Katib's order.
 */
import type { TrialState } from './algorithms/algorithm.js';
import { objectiveValue } from './metrics-collector.js';
import type { ExperimentState } from './state-store.js';
import type { Trial } from './trial.js';
import type { Experiment, Metric, ParameterAssignment } from './types.js';

export interface ExperimentCondition {
  type: 'Created' | 'Running' | 'Restarting' | 'Succeeded' | 'Failed';
  status: 'True' | 'False';
  reason: string;
  message: string;
  lastUpdateTime: string;
  lastTransitionTime: string;
}

export interface ExperimentStatus {
  startTime: string;
  completionTime?: string;
  conditions: ExperimentCondition[];
  currentOptimalTrial: {
    bestTrialName: string;
    parameterAssignments: ParameterAssignment[];
    observation: { metrics: Metric[] };
  };
  runningTrialList?: string[];
  pendingTrialList?: string[];
  failedTrialList?: string[];
  succeededTrialList?: string[];
  killedTrialList?: string[];
  earlyStoppedTrialList?: string[];
  metricsUnavailableTrialList?: string[];
  trials: number;
  trialsSucceeded: number;
  trialsFailed: number;
  trialsKilled: number;
  trialsPending: number;
  trialsRunning: number;
  trialsEarlyStopped: number;
  trialMetricsUnavailable: number;
}

const LIST_OF: Record<TrialState, keyof ExperimentStatus> = {
  Created: 'pendingTrialList',
  Running: 'runningTrialList',
  Succeeded: 'succeededTrialList',
  Failed: 'failedTrialList',
  Killed: 'killedTrialList',
  EarlyStopped: 'earlyStoppedTrialList',
  MetricsUnavailable: 'metricsUnavailableTrialList',
};

/** The objective value of a trial per the experiment's metric strategy. */
export function trialObjective(e: Experiment, t: Trial): number | undefined {
  if (!t.observation) return undefined;
  const name = e.spec.objective?.objectiveMetricName ?? '';
  const strategy = e.spec.objective?.metricStrategies?.find((s) => s.name === name)?.value ?? 'latest';
  return objectiveValue(t.observation, name, strategy);
}

/** Trial counts and the best trial; `goalReached` as Katib decides it. */
export function summarise(e: Experiment, trials: readonly Trial[]) {
  const counts = {
    Created: 0,
    Running: 0,
    Succeeded: 0,
    Failed: 0,
    Killed: 0,
    EarlyStopped: 0,
    MetricsUnavailable: 0,
  };
  let best: Trial | undefined;
  let bestValue = 0;
  let goalReached = false;
  const goal = e.spec.objective?.goal;
  const max = e.spec.objective?.type === 'maximize';
  for (const t of trials) {
    counts[t.state]++;
    const v = trialObjective(e, t);
    if (v === undefined) continue;
    if (!best || (max ? v > bestValue : v < bestValue)) {
      best = t;
      bestValue = v;
    }
    if (goal !== undefined && (max ? bestValue >= goal : bestValue <= goal)) goalReached = true;
  }
  return { counts, best, bestValue, goalReached };
}

/**
 * Katib's completion decision: goal reached → Succeeded; failed + metricsUnavailable ≥
 * maxFailedTrialCount (> 0) → Failed; all finished ≥ maxTrialCount → Succeeded; suggestions
 * exhausted with nothing active → Succeeded; otherwise undefined (still running).
 */
export function completionOf(
  e: Experiment,
  trials: readonly Trial[],
  exhausted: boolean,
): ExperimentState['completed'] {
  const { counts, goalReached } = summarise(e, trials);
  const completed =
    counts.Succeeded + counts.Failed + counts.Killed + counts.EarlyStopped + counts.MetricsUnavailable;
  const failed = counts.Failed + counts.MetricsUnavailable;
  const active = counts.Created + counts.Running;
  const { maxFailedTrialCount: maxFailed, maxTrialCount: maxTrials } = e.spec;
  if (goalReached)
    return {
      type: 'Succeeded',
      reason: 'ExperimentGoalReached',
      message: 'Experiment has succeeded because Objective goal has reached',
    };
  if (maxFailed !== undefined && failed !== 0 && failed >= maxFailed)
    return {
      type: 'Failed',
      reason: 'ExperimentFailed',
      message: 'Experiment has failed because max failed count has reached',
    };
  if (maxTrials !== undefined && completed >= maxTrials)
    return {
      type: 'Succeeded',
      reason: 'ExperimentMaxTrialsReached',
      message: 'Experiment has succeeded because max trial count has reached',
    };
  if (exhausted && active === 0)
    return {
      type: 'Succeeded',
      reason: 'ExperimentSuggestionEndReached',
      message: 'Experiment has succeeded because suggestion service has reached the end',
    };
  return undefined;
}

/** Builds the Katib-shaped status from the state. */
export function buildStatus(state: ExperimentState, now = new Date().toISOString()): ExperimentStatus {
  const e = state.experiment;
  const { counts, best } = summarise(e, state.trials);
  const cond = (
    type: ExperimentCondition['type'],
    status: 'True' | 'False',
    reason: string,
    message: string,
  ): ExperimentCondition => ({
    type,
    status,
    reason,
    message,
    lastUpdateTime: now,
    lastTransitionTime: now,
  });
  const conditions = [cond('Created', 'True', 'ExperimentCreated', 'Experiment is created')];
  if (state.completed) {
    conditions.push(cond('Running', 'False', 'ExperimentRunning', 'Experiment is running'));
    conditions.push(cond(state.completed.type, 'True', state.completed.reason, state.completed.message));
  } else conditions.push(cond('Running', 'True', 'ExperimentRunning', 'Experiment is running'));
  const status: ExperimentStatus = {
    startTime: state.startTime,
    ...(state.completionTime ? { completionTime: state.completionTime } : {}),
    conditions,
    currentOptimalTrial: {
      bestTrialName: best?.name ?? '',
      parameterAssignments: best?.parameterAssignments ?? [],
      observation: { metrics: best?.observation ?? [] },
    },
    trials: state.trials.length,
    trialsSucceeded: counts.Succeeded,
    trialsFailed: counts.Failed,
    trialsKilled: counts.Killed,
    trialsPending: counts.Created,
    trialsRunning: counts.Running,
    trialsEarlyStopped: counts.EarlyStopped,
    trialMetricsUnavailable: counts.MetricsUnavailable,
  };
  for (const t of state.trials) {
    const key = LIST_OF[t.state];
    const list = (status[key] as string[] | undefined) ?? [];
    list.push(t.name);
    (status as unknown as Record<string, unknown>)[key] = list;
  }
  return status;
}
