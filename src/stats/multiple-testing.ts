/**
 * Corrections for testing several hypotheses at once.
 */
import { KiteError } from '../core/index.js';

export interface HolmResult {
  /** Holm-adjusted p-values, in the order of the input. */
  adjusted: number[];
  /** Whether each hypothesis is rejected at family-wise level `alpha`. */
  rejected: boolean[];
  alpha: number;
}

/**
 * Holm's step-down correction (controls the family-wise error rate, uniformly more powerful
 * than Bonferroni). Adjusted p-values are `max_{j≤i} min(1, (m - j + 1) · p_(j))` over the
 * sorted p-values, as `statsmodels.stats.multitest.multipletests(method='holm')`.
 *
 * @example
 * ```ts
 * holm([0.01, 0.04, 0.03]).adjusted; // [0.03, 0.06, 0.06]
 * ```
 */
export function holm(pValues: readonly number[], alpha = 0.05): HolmResult {
  pValues.forEach((p, i) => {
    if (!(p >= 0 && p <= 1)) {
      throw new KiteError('INVALID_ARGUMENT', `pValues[${i}] is ${p}; a p-value lies in [0, 1]`);
    }
  });
  const m = pValues.length;
  const order = pValues.map((_, i) => i).sort((i, j) => pValues[i]! - pValues[j]! || i - j);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach((idx, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * pValues[idx]!));
    adjusted[idx] = running;
  });
  return { adjusted, rejected: adjusted.map((p) => p <= alpha), alpha };
}
