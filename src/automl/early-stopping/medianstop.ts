/**
 * `medianstop` exactly as Katib computes it (`pkg/earlystopping/v1beta1/medianstop/service.py`
 * and the file metrics collector sidecar):
 *
 * - for each Succeeded trial, the average of its first `start_step` reported objective values;
 * - once at least `min_trials_required` (default 3) succeeded trials exist, the rule value is the
 *   arithmetic MEAN of those averages (not a median, despite the name);
 * - rule: `{name: objective, value, comparison: less (maximize) | greater (minimize), startStep}`;
 * - a running trial tracks its best-so-far objective and checks the rule only at its
 *   `start_step`-th report (default 4); if best < value (maximize) / best > value (minimize)
 *   it is stopped and ends EarlyStopped.
 *
 * The rule is formed when a trial is created, from the trials succeeded by then.
 */
import type { AlgorithmSetting, ObjectiveType } from '../types.js';

export const MEDIANSTOP_DEFAULTS = { min_trials_required: 3, start_step: 4 } as const;

export interface EarlyStoppingRule {
  name: string;
  value: number;
  comparison: 'less' | 'greater' | 'equal';
  startStep: number;
}

/** Katib's `validate_medianstop_setting` (first problem only, as Katib returns). */
export function validateEarlyStoppingSettings(settings: readonly AlgorithmSetting[]): string[] {
  for (const s of settings) {
    const isInt = /^\s*[+-]?\d+\s*$/.test(s.value);
    if (s.name !== 'min_trials_required' && s.name !== 'start_step')
      return [`unknown setting ${s.name} for algorithm medianstop`];
    if (!isInt)
      return [
        `failed to validate ${s.name}(${s.value}): invalid literal for int() with base 10: '${s.value}'`,
      ];
    const v = Number(s.value);
    if (s.name === 'min_trials_required' && !(v > 0))
      return ['min_trials_required must be greater than zero (>0)'];
    if (s.name === 'start_step' && !(v >= 1)) return ['start_step must be greater or equal than one (>=1)'];
  }
  return [];
}

/** The median stopping service for one experiment. */
export class MedianStop {
  readonly minTrialsRequired: number;
  readonly startStep: number;
  private readonly averages = new Map<string, number>();

  constructor(
    private readonly objectiveMetricName: string,
    private readonly objectiveType: ObjectiveType,
    settings: readonly AlgorithmSetting[] = [],
  ) {
    const get = (n: string, d: number): number => {
      const s = settings.find((x) => x.name === n);
      return s ? Number.parseInt(s.value, 10) : d;
    };
    this.minTrialsRequired = get('min_trials_required', MEDIANSTOP_DEFAULTS.min_trials_required);
    this.startStep = get('start_step', MEDIANSTOP_DEFAULTS.start_step);
  }

  /**
   * Records newly succeeded trials (their objective values in report order) and returns the
   * rule, or none while fewer than `min_trials_required` trials have succeeded.
   */
  rules(succeeded: readonly { name: string; objectiveLog: readonly number[] }[]): EarlyStoppingRule[] {
    for (const t of succeeded) {
      if (this.averages.has(t.name)) continue;
      const first = t.objectiveLog.slice(0, this.startStep);
      if (first.length === 0) continue; // Katib would divide by zero here; skip such a trial.
      this.averages.set(t.name, first.reduce((a, b) => a + b, 0) / first.length);
    }
    if (this.averages.size < this.minTrialsRequired) return [];
    const values = [...this.averages.values()];
    return [
      {
        name: this.objectiveMetricName,
        value: values.reduce((a, b) => a + b, 0) / values.length,
        comparison: this.objectiveType === 'maximize' ? 'less' : 'greater',
        startStep: this.startStep,
      },
    ];
  }
}

/**
 * The sidecar's check for one running trial: feed every reported value of a metric in order;
 * returns true when all rules have fired (the trial must stop).
 */
export function createStopChecker(
  rules: readonly EarlyStoppingRule[],
  objective: string,
  type: ObjectiveType,
) {
  const counters = new Map(rules.map((r, i) => [i, r.startStep]));
  const fired = new Set<number>();
  let best: number | undefined;
  return {
    /** Feeds one value of `metric`; true once every rule has fired. */
    observe(metric: string, value: number): boolean {
      if (metric === objective)
        best =
          best === undefined ? value : type === 'maximize' ? Math.max(best, value) : Math.min(best, value);
      rules.forEach((r, i) => {
        if (r.name !== metric || fired.has(i)) return;
        const c = (counters.get(i) ?? 0) - 1;
        counters.set(i, c);
        if (c !== 0) return;
        const v = metric === objective ? (best ?? value) : value;
        const hit =
          r.comparison === 'less' ? v < r.value : r.comparison === 'greater' ? v > r.value : v === r.value;
        if (hit) fired.add(i);
      });
      return rules.length > 0 && fired.size === rules.length;
    },
  };
}
