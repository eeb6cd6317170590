/**
 * Attribution monitoring. shap's monitoring plot (`plots.monitoring`) runs Student's t-test
 * (`scipy.stats.ttest_ind`, pooled variance) of a feature's SHAP values before vs after every
 * split (step 50) and flags the best split when min p < 0.05 / M (Bonferroni over features).
 * Kite offers that split scan ({@link scanSplits}) and a two-window comparison
 * ({@link compareAttributions}): per feature, the same t-test between the attributions of two
 * model versions or time windows, with a Bonferroni or Holm correction → a drift report + flag.
 */
import { KiteError } from '../core/index.js';
import { holm, pooledTTest, welchTTest } from '../stats/index.js';
import type { Explanation } from './explanation.js';

/** Options of {@link compareAttributions}. */
export interface CompareOptions {
  /** Family-wise error rate (default 0.05). */
  alpha?: number;
  /** Multiple-comparison correction (default 'bonferroni', as shap). */
  correction?: 'bonferroni' | 'holm';
  /** 'student' (pooled, shap's) or 'welch' (default 'student'). */
  test?: 'student' | 'welch';
  /** Compare signed values (shap) or |values| (importance). */
  on?: 'values' | 'abs';
  output?: number;
}

/** Per-feature result of {@link compareAttributions}. */
export interface FeatureDrift {
  feature: string;
  meanBefore: number;
  meanAfter: number;
  meanAbsBefore: number;
  meanAbsAfter: number;
  statistic: number;
  pValue: number;
  adjustedPValue: number;
  drifted: boolean;
}

/** The drift report. */
export interface DriftReport {
  test: 'student' | 'welch';
  correction: 'bonferroni' | 'holm';
  alpha: number;
  features: FeatureDrift[];
  /** True when any feature drifted. */
  drifted: boolean;
  /** Names of drifted features, most significant first. */
  driftedFeatures: string[];
}

function testTwo(a: number[], b: number[], test: 'student' | 'welch'): { statistic: number; pValue: number } {
  const same = (x: number[]) => x.every((v) => v === x[0]);
  if (same(a) && same(b))
    return a[0] === b[0] ? { statistic: 0, pValue: 1 } : { statistic: Number.POSITIVE_INFINITY, pValue: 0 };
  const r = test === 'welch' ? welchTTest(a, b) : pooledTTest(a, b);
  return { statistic: r.statistic, pValue: r.pValue };
}

/**
 * Compares the attributions of two explanations (two model versions or two time windows)
 * feature by feature.
 *
 * @example
 * ```ts
 * const report = compareAttributions(lastWeek, thisWeek);
 * if (report.drifted) console.log(report.driftedFeatures);
 * ```
 */
export function compareAttributions(
  before: Explanation,
  after: Explanation,
  options: CompareOptions = {},
): DriftReport {
  const { alpha = 0.05, correction = 'bonferroni', test = 'student', on = 'values', output = 0 } = options;
  const M = before.features(0);
  if (after.features(0) !== M) {
    throw new KiteError(
      'INVALID_ARGUMENT',
      `the explanations have ${M} and ${after.features(0)} features; compare like with like`,
    );
  }
  if (before.n < 2 || after.n < 2)
    throw new KiteError('INVALID_ARGUMENT', 'each explanation needs at least 2 rows to compare');
  const namesA = before.featureNames(0);
  const namesB = after.featureNames(0);
  const mismatch = namesA.findIndex((n, j) => n !== namesB[j]);
  if (mismatch >= 0) {
    throw new KiteError(
      'INVALID_ARGUMENT',
      `feature ${mismatch} is '${namesA[mismatch]}' before and '${namesB[mismatch]}' after`,
    );
  }
  const column = (e: Explanation, j: number) =>
    Array.from({ length: e.n }, (_, i) =>
      on === 'abs' ? Math.abs(e.value(i, j, output)) : e.value(i, j, output),
    );
  const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
  const raw = namesA.map((feature, j) => {
    const a = column(before, j);
    const b = column(after, j);
    const absA = a.map(Math.abs);
    const absB = b.map(Math.abs);
    return { feature, a, b, absA, absB, ...testTwo(a, b, test) };
  });
  const pvals = raw.map((r) => r.pValue);
  const adjusted = correction === 'holm' ? holm(pvals, alpha).adjusted : pvals.map((p) => Math.min(1, p * M));
  const features: FeatureDrift[] = raw.map((r, j) => ({
    feature: r.feature,
    meanBefore: mean(r.a),
    meanAfter: mean(r.b),
    meanAbsBefore: mean(r.absA),
    meanAbsAfter: mean(r.absB),
    statistic: r.statistic,
    pValue: r.pValue,
    adjustedPValue: adjusted[j] as number,
    drifted: (adjusted[j] as number) < alpha,
  }));
  const driftedFeatures = features
    .filter((f) => f.drifted)
    .sort((x, y) => x.adjustedPValue - y.adjustedPValue)
    .map((f) => f.feature);
  return { test, correction, alpha, features, drifted: driftedFeatures.length > 0, driftedFeatures };
}

/** Result of {@link scanSplits}. */
export interface SplitScan {
  feature: string;
  /** Split positions tested (50, 100, …). */
  splits: number[];
  pValues: number[];
  minPValue: number;
  /** Index of the best split (shap draws a dashed line there when flagged). */
  bestSplit: number;
  /** min p < 0.05 / M. */
  flagged: boolean;
}

/**
 * shap's monitoring test over one feature's attributions in sample order.
 *
 * @example
 * ```ts
 * scanSplits(explanationOverTime, 'age').flagged;
 * ```
 */
export function scanSplits(
  e: Explanation,
  feature: number | string,
  options: { inc?: number; output?: number } = {},
): SplitScan {
  const { inc = 50, output = 0 } = options;
  const j = typeof feature === 'number' ? feature : e.featureNames(0).indexOf(feature);
  if (j < 0 || j >= e.features(0))
    throw new KiteError('INVALID_ARGUMENT', `no feature ${JSON.stringify(feature)}`);
  const ys = Array.from({ length: e.n }, (_, i) => e.value(i, j, output));
  const splits: number[] = [];
  const pValues: number[] = [];
  for (let i = inc; i < ys.length - inc; i += inc) {
    splits.push(i);
    pValues.push(testTwo(ys.slice(0, i), ys.slice(i), 'student').pValue);
  }
  let best = -1;
  pValues.forEach((p, k) => {
    if (best < 0 || p < (pValues[best] as number)) best = k;
  });
  const minPValue = best >= 0 ? (pValues[best] as number) : 1;
  return {
    feature: e.featureNames(0)[j] as string,
    splits,
    pValues,
    minPValue,
    bestSplit: best >= 0 ? (splits[best] as number) : -1,
    flagged: best >= 0 && minPValue < 0.05 / e.features(0),
  };
}
