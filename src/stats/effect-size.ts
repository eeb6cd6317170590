/**
 * Standardised effect sizes: how big a difference is, apart from whether it is significant.
 */
import { differences, mean, variance } from './descriptive.js';
import { requireFinite, requireLength, requireSameLength } from './validate.js';

/**
 * Cohen's d for two independent samples: `(mean(a) - mean(b)) / s_pooled`, where
 * `s_pooled² = ((na-1)·var(a) + (nb-1)·var(b)) / (na + nb - 2)`.
 *
 * @example
 * ```ts
 * cohensD([5, 6, 7], [3, 4, 5]); // 2
 * ```
 */
export function cohensD(a: readonly number[], b: readonly number[]): number {
  requireLength(a, 2, 'a');
  requireLength(b, 2, 'b');
  requireFinite(a, 'a');
  requireFinite(b, 'b');
  const na = a.length;
  const nb = b.length;
  const pooled = ((na - 1) * variance(a) + (nb - 1) * variance(b)) / (na + nb - 2);
  return (mean(a) - mean(b)) / Math.sqrt(pooled);
}

/**
 * Cohen's d_z for paired samples: the mean of the differences `a - b` over their standard
 * deviation (ddof 1). It is the paired t statistic divided by √n.
 */
export function cohensDz(a: readonly number[], b: readonly number[]): number {
  requireSameLength(a, b, 'cohensDz');
  requireLength(a, 2, 'a');
  requireFinite(a, 'a');
  requireFinite(b, 'b');
  const d = differences(a, b);
  return mean(d) / Math.sqrt(variance(d));
}
