/**
 * Wilcoxon signed-rank test for paired samples, as SciPy's `scipy.stats.wilcoxon` computes it:
 * the exact null distribution for small samples without ties or zeros, the normal
 * approximation (with tie correction, optional continuity correction) otherwise.
 */
import { KiteError } from '../core/index.js';
import { differences } from './descriptive.js';
import { standardNormal } from './distributions.js';
import { rankAverage, tieGroupSizes } from './rank.js';
import type { Alternative } from './t-test.js';
import { requireFinite, requireLength, requireSameLength } from './validate.js';

export interface WilcoxonOptions {
  /** Default `'two-sided'`; `'greater'` means the differences `x - y` tend to be positive. */
  alternative?: Alternative;
  /**
   * `'auto'` (default): exact when at most 50 differences and none is zero or tied, normal
   * approximation otherwise. `'exact'` falls back to the approximation when there are zeros
   * or ties (the exact distribution assumes neither); the result says which was used.
   */
  method?: 'auto' | 'exact' | 'approx';
  /**
   * How zero differences are treated: `'wilcox'` (default) drops them, `'pratt'` ranks them
   * and then drops their ranks, `'zsplit'` splits their ranks between both signs.
   */
  zeroMethod?: 'wilcox' | 'pratt' | 'zsplit';
  /** Continuity correction of the normal approximation; default false (as SciPy). */
  correction?: boolean;
}

export interface WilcoxonResult {
  /** `min(R+, R-)` for a two-sided test, `R+` for a one-sided one (as SciPy). */
  statistic: number;
  pValue: number;
  /** The method actually used. */
  method: 'exact' | 'approx';
  /** The z score of the normal approximation (only for `'approx'`). */
  zStatistic?: number;
  /** Number of differences that entered the ranks. */
  n: number;
  alternative: Alternative;
}

/**
 * Wilcoxon signed-rank test of the paired differences `x - y` (or of `x` alone when `y` is
 * omitted) against a distribution symmetric about zero.
 *
 * @example
 * ```ts
 * const r = wilcoxonSignedRank(scoresA, scoresB);
 * console.log(r.statistic, r.pValue, r.method);
 * ```
 */
export function wilcoxonSignedRank(
  x: readonly number[],
  y?: readonly number[],
  options: WilcoxonOptions = {},
): WilcoxonResult {
  const alternative = options.alternative ?? 'two-sided';
  const zeroMethod = options.zeroMethod ?? 'wilcox';
  requireFinite(x, 'x');
  if (y !== undefined) {
    requireSameLength(x, y, 'wilcoxonSignedRank');
    requireFinite(y, 'y');
  }
  let d = y === undefined ? x.slice() : differences(x, y);
  requireLength(d, 1, 'the differences');
  const nZero = d.filter((v) => v === 0).length;
  const hasTies = tieGroupSizes(d.filter((v) => v !== 0).map(Math.abs)).length > 0;
  const requested = options.method ?? 'auto';
  const exact =
    requested !== 'approx' && d.length <= (requested === 'auto' ? 50 : Infinity) && nZero === 0 && !hasTies;
  if (!exact && nZero === d.length && zeroMethod !== 'zsplit') {
    throw new KiteError('INVALID_ARGUMENT', 'wilcoxonSignedRank: every difference is zero', {
      hint: "there is nothing to test; zeroMethod 'zsplit' gives p = 1 if you need a value",
    });
  }
  if (!exact && zeroMethod === 'wilcox') d = d.filter((v) => v !== 0);
  const count = d.length;
  const r = rankAverage(d.map(Math.abs));
  let rPlus = 0;
  let rMinus = 0;
  let rZero = 0;
  for (let i = 0; i < count; i++) {
    if (d[i]! > 0) rPlus += r[i]!;
    else if (d[i]! < 0) rMinus += r[i]!;
    else rZero += r[i]!;
  }
  if (zeroMethod === 'zsplit') {
    rPlus += rZero / 2;
    rMinus += rZero / 2;
  }
  const statistic = alternative === 'two-sided' ? Math.min(rPlus, rMinus) : rPlus;
  if (exact) {
    return {
      statistic,
      pValue: exactPValue(count, rPlus, alternative),
      method: 'exact',
      n: count,
      alternative,
    };
  }
  let mn = count * (count + 1) * 0.25;
  let se = count * (count + 1) * (2 * count + 1);
  let tieRanks = r;
  if (zeroMethod === 'pratt') {
    tieRanks = r.filter((_, i) => d[i] !== 0);
    mn -= nZero * (nZero + 1) * 0.25;
    se -= nZero * (nZero + 1) * (2 * nZero + 1);
  }
  for (const t of tieGroupSizes(tieRanks)) se -= 0.5 * t * (t * t - 1);
  se = Math.sqrt(se / 24);
  let shift = 0;
  if (options.correction) {
    if (alternative === 'two-sided') shift = 0.5 * Math.sign(statistic - mn);
    else shift = alternative === 'less' ? -0.5 : 0.5;
  }
  const z = (statistic - mn - shift) / se;
  const pValue =
    alternative === 'two-sided'
      ? 2 * standardNormal.sf(Math.abs(z))
      : alternative === 'greater'
        ? standardNormal.sf(z)
        : standardNormal.cdf(z);
  return { statistic, pValue: Math.min(pValue, 1), method: 'approx', zStatistic: z, n: count, alternative };
}

/** Probability mass of R+ = 0..n(n+1)/2 under H0, by the same recursion as SciPy. */
export function wilcoxonNullDistribution(n: number): Float64Array {
  let c = new Float64Array([1]);
  for (let k = 1; k <= n; k++) {
    const next = new Float64Array((k * (k + 1)) / 2 + 1);
    const m = c.length;
    for (let i = 0; i < m; i++) next[i] = c[i]! * 0.5;
    const off = next.length - m;
    for (let i = 0; i < m; i++) next[off + i] = next[off + i]! + c[i]! * 0.5;
    c = next;
  }
  return c;
}

function exactPValue(n: number, rPlus: number, alternative: Alternative): number {
  const pmf = wilcoxonNullDistribution(n);
  const r = Math.trunc(rPlus);
  const upper = (from: number): number => {
    let s = 0;
    for (let i = from; i < pmf.length; i++) s += pmf[i]!;
    return s;
  };
  const lower = (to: number): number => {
    let s = 0;
    for (let i = 0; i <= to; i++) s += pmf[i]!;
    return s;
  };
  let p: number;
  if (alternative === 'two-sided') {
    p = r === Math.floor((pmf.length - 1) / 2) ? 1 : 2 * Math.min(upper(r), lower(r));
  } else if (alternative === 'greater') {
    p = upper(r);
  } else {
    p = lower(r);
  }
  return Math.min(Math.max(p, 0), 1);
}
