/**
 * Student's t-tests: paired, Welch (unequal variances), pooled (equal variances) and one
 * sample, with p-values and confidence intervals computed as SciPy computes them
 * (`scipy.stats.ttest_rel`, `ttest_ind`, `ttest_1samp` and their `confidence_interval`).
 */
import { differences, mean, variance } from './descriptive.js';
import { studentT } from './distributions.js';
import { requireFinite, requireLength, requireProbability, requireSameLength } from './validate.js';

/** Which alternative hypothesis: the true difference is ≠ 0, < 0 or > 0. */
export type Alternative = 'two-sided' | 'less' | 'greater';

/** A confidence interval; one side is infinite for a one-sided alternative. */
export interface ConfidenceInterval {
  low: number;
  high: number;
  /** Confidence level, e.g. 0.95. */
  level: number;
}

export interface TTestOptions {
  /** Default `'two-sided'`. */
  alternative?: Alternative;
  /** Confidence level of {@link TTestResult.confidenceInterval}; default 0.95. */
  confidenceLevel?: number;
  /** Hypothesised difference (or mean, for one sample); default 0. */
  nullValue?: number;
}

export interface TTestResult {
  /** The t statistic. */
  statistic: number;
  pValue: number;
  /** Degrees of freedom (fractional for Welch's test). */
  df: number;
  /** The estimated difference of means (or mean, for one sample). */
  estimate: number;
  /** Standard error of {@link estimate}. */
  standardError: number;
  /** Interval for the true difference (not shifted by `nullValue`). */
  confidenceInterval: ConfidenceInterval;
  alternative: Alternative;
}

/**
 * One-sample t-test of `H0: mean(x) = nullValue`.
 *
 * @example
 * ```ts
 * oneSampleTTest([0.1, 0.3, -0.2, 0.4]).pValue;
 * ```
 */
export function oneSampleTTest(x: readonly number[], options: TTestOptions = {}): TTestResult {
  requireLength(x, 2, 'x');
  requireFinite(x, 'x');
  const n = x.length;
  return finish(mean(x), Math.sqrt(variance(x) / n), n - 1, options);
}

/**
 * Paired t-test of `H0: mean(a - b) = nullValue` (same subjects, folds or seeds in both
 * samples). Equals {@link oneSampleTTest} on the differences.
 *
 * @example
 * ```ts
 * const r = pairedTTest(accuracyOfModelA, accuracyOfModelB, { alternative: 'greater' });
 * if (r.pValue < 0.05) console.log('A is better', r.confidenceInterval);
 * ```
 */
export function pairedTTest(
  a: readonly number[],
  b: readonly number[],
  options: TTestOptions = {},
): TTestResult {
  requireSameLength(a, b, 'pairedTTest');
  requireFinite(a, 'a');
  requireFinite(b, 'b');
  return oneSampleTTest(differences(a, b), options);
}

/**
 * Welch's t-test of `H0: mean(a) - mean(b) = nullValue` for independent samples whose
 * variances may differ (SciPy's `ttest_ind(a, b, equal_var=False)`). Prefer it over the
 * pooled test unless the variances are known to be equal.
 */
export function welchTTest(
  a: readonly number[],
  b: readonly number[],
  options: TTestOptions = {},
): TTestResult {
  checkTwoSamples(a, b);
  const va = variance(a) / a.length;
  const vb = variance(b) / b.length;
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  return finish(mean(a) - mean(b), Math.sqrt(va + vb), df, options);
}

/**
 * Student's two-sample t-test with pooled variance (SciPy's `ttest_ind(a, b)`, equal
 * variances assumed).
 */
export function pooledTTest(
  a: readonly number[],
  b: readonly number[],
  options: TTestOptions = {},
): TTestResult {
  checkTwoSamples(a, b);
  const na = a.length;
  const nb = b.length;
  const df = na + nb - 2;
  const pooled = ((na - 1) * variance(a) + (nb - 1) * variance(b)) / df;
  return finish(mean(a) - mean(b), Math.sqrt(pooled * (1 / na + 1 / nb)), df, options);
}

function checkTwoSamples(a: readonly number[], b: readonly number[]): void {
  requireLength(a, 2, 'a');
  requireLength(b, 2, 'b');
  requireFinite(a, 'a');
  requireFinite(b, 'b');
}

function finish(estimate: number, se: number, df: number, options: TTestOptions): TTestResult {
  const alternative = options.alternative ?? 'two-sided';
  const level = options.confidenceLevel ?? 0.95;
  requireProbability(level, 'confidenceLevel');
  const t = studentT(df);
  const statistic = (estimate - (options.nullValue ?? 0)) / se;
  let pValue: number;
  let low = Number.NEGATIVE_INFINITY;
  let high = Number.POSITIVE_INFINITY;
  if (alternative === 'two-sided') {
    pValue = 2 * t.sf(Math.abs(statistic));
    const q = t.quantile(0.5 + level / 2);
    low = estimate - q * se;
    high = estimate + q * se;
  } else if (alternative === 'less') {
    pValue = t.cdf(statistic);
    high = estimate + t.quantile(level) * se;
  } else {
    pValue = t.sf(statistic);
    low = estimate - t.quantile(level) * se;
  }
  return {
    statistic,
    pValue: Math.min(pValue, 1),
    df,
    estimate,
    standardError: se,
    confidenceInterval: { low, high, level },
    alternative,
  };
}
