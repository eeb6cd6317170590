/**
 * What a trial is while Kite runs it, and the two ways to run one: an in-process TypeScript
 * objective, or (see `process-trial.ts`) a local process from the trial template.
 */
import type { TrialState } from './algorithms/algorithm.js';
import type { EarlyStoppingRule } from './early-stopping/medianstop.js';
import type { MetricLog } from './metrics-collector.js';
import type { Point } from './search-space.js';
import type { Metric, ParameterAssignment } from './types.js';

/** One trial, as kept in the experiment state (JSON-safe). */
export interface Trial {
  name: string;
  parameterAssignments: ParameterAssignment[];
  labels: Record<string, string>;
  state: TrialState;
  /** Katib's condition reason, e.g. `TrialSucceeded`, `TrialFailed`, `TrialEarlyStopped`, `MetricsUnavailable`. */
  reason?: string;
  message?: string;
  metricLogs: MetricLog[];
  observation?: Metric[];
  earlyStoppingRules: EarlyStoppingRule[];
  startTime?: string;
  completionTime?: string;
}

/** Passed to an in-process objective. */
export interface TrialContext {
  trialName: string;
  parameterAssignments: readonly ParameterAssignment[];
  /** Reports intermediate metrics (Katib's collectors see each report as one log entry). */
  report(step: number, metrics: Record<string, number>): void;
  /** Aborted when the trial is early-stopped (or the experiment is cancelled). */
  signal: AbortSignal;
  /** True once the trial should stop; return promptly. */
  readonly shouldStop: boolean;
}

/**
 * An in-process objective: gets the parameters (numbers for int/double, strings for
 * categorical/discrete) and returns final metrics (logged after the reports).
 *
 * @example
 * ```ts
 * const objective: Objective = async ({ lr }, ctx) => {
 *   for (let epoch = 1; epoch <= 5; epoch++) ctx.report(epoch, { loss: train(Number(lr)) });
 *   return { loss: evaluate() };
 * };
 * ```
 */
export type Objective = (
  params: Point,
  ctx: TrialContext,
) => Promise<Record<string, number> | undefined | undefined> | Record<string, number> | undefined | undefined;

/** What a runner tells the controller when a trial's work ends. */
export interface RunOutcome {
  ok: boolean;
  /** Why it failed (exit code, signal, exception). */
  message?: string;
}

/** Hooks a runner uses while a trial runs. */
export interface RunHooks {
  /** New metric log entries, in order (drives early stopping). */
  onLogs(logs: readonly MetricLog[]): void;
  /** Aborted to stop the trial early. */
  signal: AbortSignal;
}

/** Runs trials: in-process, a local process, or anything else. */
export interface TrialRunner {
  run(trial: Trial, point: Point, hooks: RunHooks): Promise<RunOutcome>;
}

/** A runner calling an in-process {@link Objective}. Exceptions fail the trial, never the tool. */
export function objectiveRunner(objective: Objective): TrialRunner {
  return {
    async run(trial, point, hooks) {
      const ctx: TrialContext = {
        trialName: trial.name,
        parameterAssignments: trial.parameterAssignments,
        signal: hooks.signal,
        get shouldStop() {
          return hooks.signal.aborted;
        },
        report(step, metrics) {
          if (hooks.signal.aborted) return;
          const timestamp = new Date().toISOString();
          hooks.onLogs(
            Object.entries(metrics).map(([name, v]) => ({ timestamp, name, value: String(v), step })),
          );
        },
      };
      try {
        const final = await objective(point, ctx);
        if (final && !hooks.signal.aborted) {
          const timestamp = new Date().toISOString();
          hooks.onLogs(Object.entries(final).map(([name, v]) => ({ timestamp, name, value: String(v) })));
        }
        return { ok: true };
      } catch (err) {
        return { ok: false, message: err instanceof Error ? err.message : String(err) };
      }
    },
  };
}
