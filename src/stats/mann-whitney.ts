/**
 * Mann–Whitney U test for two independent samples, as SciPy 1.10's
 * `scipy.stats.mannwhitneyu` computes it: the exact null distribution when one sample has at
 * most 8 values and there are no ties, the normal approximation (tie-corrected, with optional
 * continuity correction) otherwise.
 */
import { standardNormal } from './distributions.js';
import { rankAverage, tieGroupSizes } from './rank.js';
import type { Alternative } from './t-test.js';
import { requireFinite, requireLength } from './validate.js';

export interface MannWhitneyOptions {
  /** Default `'two-sided'`; `'greater'` means x tends to be larger than y. */
  alternative?: Alternative;
  /** `'auto'` (default), `'exact'` or `'asymptotic'`. */
  method?: 'auto' | 'exact' | 'asymptotic';
  /** Continuity correction of the normal approximation; default true (as SciPy). */
  continuity?: boolean;
}

export interface MannWhitneyResult {
  /** U of the first sample: `R1 − n1(n1 + 1)/2`. */
  statistic: number;
  pValue: number;
  method: 'exact' | 'asymptotic';
  alternative: Alternative;
}

/**
 * Mann–Whitney U test (Wilcoxon rank-sum) of x against y.
 *
 * @example
 * ```ts
 * mannWhitneyU(latencyA, latencyB, { alternative: 'less' }).pValue;
 * ```
 */
export function mannWhitneyU(
  x: readonly number[],
  y: readonly number[],
  options: MannWhitneyOptions = {},
): MannWhitneyResult {
  requireLength(x, 1, 'x');
  requireLength(y, 1, 'y');
  requireFinite(x, 'x');
  requireFinite(y, 'y');
  const alternative = options.alternative ?? 'two-sided';
  const n1 = x.length;
  const n2 = y.length;
  const ranks = rankAverage([...x, ...y]);
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += ranks[i]!;
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const ties = tieGroupSizes([...x, ...y]);
  let method = options.method ?? 'auto';
  if (method === 'auto') method = (n1 > 8 && n2 > 8) || ties.length > 0 ? 'asymptotic' : 'exact';
  const [u, factor] =
    alternative === 'greater' ? [u1, 1] : alternative === 'less' ? [u2, 1] : [Math.max(u1, u2), 2];
  let p: number;
  if (method === 'exact') {
    p = exactSf(Math.trunc(u), n1, n2);
  } else {
    const n = n1 + n2;
    const tieTerm = ties.reduce((s, t) => s + t ** 3 - t, 0);
    const s = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
    const z = (u - (n1 * n2) / 2 - ((options.continuity ?? true) ? 0.5 : 0)) / s;
    p = standardNormal.sf(z);
  }
  return { statistic: u1, pValue: Math.min(Math.max(p * factor, 0), 1), method, alternative };
}

/**
 * P(U ≥ k) under H0. The counts of U are the coefficients of the Gaussian binomial
 * [m+n choose m]_q, built as Π (1 − q^(n+i)) / (1 − q^i): after each step they are the
 * (non-negative) coefficients of [n+i choose i]_q.
 */
function exactSf(k: number, m: number, n: number): number {
  const [a, b] = m <= n ? [m, n] : [n, m];
  const size = a * b + 1;
  const c = new Float64Array(size);
  c[0] = 1;
  for (let i = 1; i <= a; i++) {
    const up = b + i;
    for (let j = size - 1; j >= up; j--) c[j] = c[j]! - c[j - up]!;
    for (let j = i; j < size; j++) c[j] = c[j]! + c[j - i]!;
  }
  let total = 0;
  for (const v of c) total += v;
  // sf(k) = cdf(mn − k), as SciPy computes it.
  let cdf = 0;
  for (let j = 0; j <= a * b - k; j++) cdf += c[j]!;
  return cdf / total;
}
