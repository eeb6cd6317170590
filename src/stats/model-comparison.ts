/**
 * Tests made for comparing two models: McNemar's test on paired predictions, and the
 * corrected resampled t-test (Nadeau & Bengio 2003) for scores from repeated train/test
 * splits or cross-validation, where the ordinary paired t-test is far too confident because
 * the training sets overlap.
 */
import { KiteError } from '../core/index.js';
import type { Label } from './classification.js';
import { mean, variance } from './descriptive.js';
import { standardNormal, studentT } from './distributions.js';
import type { Alternative } from './t-test.js';
import { requireFinite, requireLength, requireSameLength } from './validate.js';

export interface McNemarResult {
  /** Exact: min(b, c); chi-square: the χ² statistic. */
  statistic: number;
  pValue: number;
  /** Samples model A got right and B wrong. */
  b: number;
  /** Samples model B got right and A wrong. */
  c: number;
  method: 'exact' | 'chi-square';
}

/**
 * McNemar's test of whether two classifiers err equally often on the same samples. Exact
 * (two-sided binomial on the discordant pairs) by default; `'chi-square'` uses the
 * continuity-corrected χ² statistic (as `statsmodels` `mcnemar(exact=False)`).
 *
 * @example
 * ```ts
 * mcnemar(yTrue, predictionsOfA, predictionsOfB).pValue;
 * ```
 */
export function mcnemar(
  yTrue: readonly Label[],
  predA: readonly Label[],
  predB: readonly Label[],
  options: { method?: 'exact' | 'chi-square' } = {},
): McNemarResult {
  requireSameLength(yTrue, predA, 'mcnemar (yTrue, predA)');
  requireSameLength(yTrue, predB, 'mcnemar (yTrue, predB)');
  let b = 0;
  let c = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const a = predA[i] === yTrue[i];
    const bb = predB[i] === yTrue[i];
    if (a && !bb) b++;
    else if (!a && bb) c++;
  }
  return mcnemarFromCounts(b, c, options);
}

/** McNemar's test from the discordant counts `b` (A right, B wrong) and `c` (the reverse). */
export function mcnemarFromCounts(
  b: number,
  c: number,
  options: { method?: 'exact' | 'chi-square' } = {},
): McNemarResult {
  if (!(Number.isInteger(b) && Number.isInteger(c) && b >= 0 && c >= 0)) {
    throw new KiteError(
      'INVALID_ARGUMENT',
      `mcnemar: counts must be non-negative integers, got b=${b}, c=${c}`,
    );
  }
  const method = options.method ?? 'exact';
  const n = b + c;
  if (n === 0) return { statistic: 0, pValue: 1, b, c, method };
  if (method === 'chi-square') {
    const statistic = (Math.abs(b - c) - 1) ** 2 / n;
    // χ²(1) survival = 2·Φ̄(√x).
    return { statistic, pValue: Math.min(1, 2 * standardNormal.sf(Math.sqrt(statistic))), b, c, method };
  }
  const k = Math.min(b, c);
  return { statistic: k, pValue: Math.min(1, 2 * binomialHalfCdf(k, n)), b, c, method };
}

/** P(X ≤ k) for X ~ Binomial(n, 1/2), summed in log space (no overflow for large n). */
function binomialHalfCdf(k: number, n: number): number {
  let logTerm = -n * Math.LN2;
  let sum = Math.exp(logTerm);
  for (let i = 1; i <= k; i++) {
    logTerm += Math.log((n - i + 1) / i);
    sum += Math.exp(logTerm);
  }
  return sum;
}

export interface CorrectedTTestResult {
  statistic: number;
  pValue: number;
  df: number;
  /** Mean difference of the scores. */
  estimate: number;
  alternative: Alternative;
}

/**
 * Corrected resampled t-test (Nadeau & Bengio 2003; Bouckaert & Frank 2004) on per-split
 * score differences of two models: `t = mean(d) / √((1/J + nTest/nTrain) · var(d))`, df = J − 1,
 * where J is the number of splits (e.g. 10 for 10-fold CV, 100 for 10×10-fold).
 *
 * @example
 * ```ts
 * correctedResampledTTest(foldAccA, foldAccB, { testTrainRatio: 1 / 9 }); // 10-fold CV
 * ```
 */
export function correctedResampledTTest(
  a: readonly number[],
  b: readonly number[],
  options: { testTrainRatio: number; alternative?: Alternative },
): CorrectedTTestResult {
  requireSameLength(a, b, 'correctedResampledTTest');
  requireLength(a, 2, 'a');
  requireFinite(a, 'a');
  requireFinite(b, 'b');
  if (!(options.testTrainRatio > 0)) {
    throw new KiteError(
      'INVALID_ARGUMENT',
      `testTrainRatio must be > 0 (nTest / nTrain), got ${options.testTrainRatio}`,
    );
  }
  const alternative = options.alternative ?? 'two-sided';
  const d = a.map((v, i) => v - b[i]!);
  const j = d.length;
  const estimate = mean(d);
  const statistic = estimate / Math.sqrt((1 / j + options.testTrainRatio) * variance(d));
  const t = studentT(j - 1);
  const pValue =
    alternative === 'two-sided'
      ? 2 * t.sf(Math.abs(statistic))
      : alternative === 'greater'
        ? t.sf(statistic)
        : t.cdf(statistic);
  return { statistic, pValue: Math.min(1, pValue), df: j - 1, estimate, alternative };
}
