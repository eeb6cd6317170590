/**
 * Runs Kite's implementation on one case of the SciPy/scikit-learn reference table
 * (`fixtures/reference-cases.json`, made by `scripts/stats-reference.py`) and returns the
 * values to compare. Used by the reference test and by `bench/stats/agreement.ts`.
 */
import { KiteError } from '../core/index.js';
import { bootstrapInterval, jackknifeValues, type Statistic } from './bootstrap.js';
import {
  accuracy,
  confusionMatrix,
  type Label,
  matthewsCorrelation,
  precisionRecallF1,
} from './classification.js';
import { mean } from './descriptive.js';
import { standardNormal, studentT } from './distributions.js';
import { cohensD, cohensDz } from './effect-size.js';
import { mannWhitneyU } from './mann-whitney.js';
import { correctedResampledTTest, mcnemarFromCounts } from './model-comparison.js';
import { holm } from './multiple-testing.js';
import { logLoss, rocAuc, rocCurve } from './probabilistic.js';
import { rankAverage } from './rank.js';
import { regressionMetrics } from './regression.js';
import { oneSampleTTest, pairedTTest, pooledTTest, type TTestResult, welchTTest } from './t-test.js';
import { wilcoxonSignedRank } from './wilcoxon.js';

/** A value of the table after decoding ("inf", "-inf", "nan" strings become numbers). */
export type Value = number | string | boolean | null | Value[] | { [key: string]: Value };

export interface ReferenceCase {
  id: string;
  fn: string;
  note: string;
  args: Record<string, Value>;
  expected: Value;
}

/** Decodes the table's encoding of non-finite numbers. */
export function decode(v: Value): Value {
  if (v === 'inf') return Number.POSITIVE_INFINITY;
  if (v === '-inf') return Number.NEGATIVE_INFINITY;
  if (v === 'nan') return Number.NaN;
  if (Array.isArray(v)) return v.map(decode);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decode(x)]));
  return v;
}

const statistics: Record<string, Statistic> = {
  mean: ([x]) => mean(x!),
  median: ([x]) => {
    const s = x!.slice().sort((p, q) => p - q);
    const m = s.length >> 1;
    return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  },
  diffMeans: ([a, b]) => mean(a!) - mean(b!),
  pairedMeanDiff: ([a, b]) => mean(a!.map((v, i) => v - b![i]!)),
};

function tTest(r: TTestResult): Value {
  return {
    statistic: r.statistic,
    pValue: r.pValue,
    df: r.df,
    low: r.confidenceInterval.low,
    high: r.confidenceInterval.high,
  };
}

/** Kite's answer for one case, shaped like the case's `expected`. */
export function evaluateCase(c: ReferenceCase): Value {
  // biome-ignore lint/suspicious/noExplicitAny: the table is untyped JSON; each branch reads its own fields.
  const a = decode(c.args as Value) as any;
  const tOpts = { alternative: a.alternative, confidenceLevel: a.confidenceLevel };
  switch (c.fn) {
    case 'studentT.cdf':
      return studentT(a.df).cdf(a.x);
    case 'studentT.sf':
      return studentT(a.df).sf(a.x);
    case 'studentT.quantile':
      return studentT(a.df).quantile(a.p);
    case 'normal.cdf':
      return standardNormal.cdf(a.x);
    case 'normal.sf':
      return standardNormal.sf(a.x);
    case 'normal.quantile':
      return standardNormal.quantile(a.p);
    case 'pairedTTest':
      return tTest(pairedTTest(a.a, a.b, tOpts));
    case 'oneSampleTTest':
      return tTest(oneSampleTTest(a.x, { ...tOpts, nullValue: a.nullValue }));
    case 'welchTTest':
      return tTest(welchTTest(a.a, a.b, tOpts));
    case 'pooledTTest':
      return tTest(pooledTTest(a.a, a.b, tOpts));
    case 'wilcoxonSignedRank': {
      const r = wilcoxonSignedRank(a.x, a.y, a);
      const out: Record<string, Value> = { statistic: r.statistic, pValue: r.pValue };
      if ((c.expected as Record<string, Value>).zStatistic !== undefined)
        out.zStatistic = r.zStatistic ?? null;
      return out;
    }
    case 'mannWhitneyU': {
      const r = mannWhitneyU(a.x, a.y, a);
      return { statistic: r.statistic, pValue: r.pValue };
    }
    case 'mcnemar': {
      const exact = mcnemarFromCounts(a.b, a.c);
      const chi = mcnemarFromCounts(a.b, a.c, { method: 'chi-square' });
      return { exact: exact.pValue, chi2: chi.statistic, chi2P: chi.pValue };
    }
    case 'correctedResampledTTest': {
      const r = correctedResampledTTest(a.a, a.b, {
        testTrainRatio: a.testTrainRatio,
        alternative: a.alternative,
      });
      return { statistic: r.statistic, pValue: r.pValue };
    }
    case 'rankAverage':
      return rankAverage(a.x);
    case 'bootstrapInterval': {
      const stat = statistics[a.statistic as string]!;
      const paired = a.statistic === 'pairedMeanDiff';
      const jackknife = jackknifeValues(a.samples, stat, paired);
      const estimate = stat(a.samples);
      const out: Record<string, Value> = {};
      for (const method of ['percentile', 'basic', 'bca'] as const) {
        const ci = bootstrapInterval(a.distribution, estimate, {
          level: a.confidenceLevel,
          method,
          jackknife,
        });
        out[method] = { low: ci.low, high: ci.high };
      }
      return out;
    }
    case 'cohensD':
      return cohensD(a.a, a.b);
    case 'cohensDz':
      return cohensDz(a.a, a.b);
    case 'holm':
      return holm(a.pValues).adjusted;
    case 'classification': {
      const yTrue = a.yTrue as Label[];
      const yPred = a.yPred as Label[];
      const labels = (a.labels as Label[] | null) ?? undefined;
      const s = precisionRecallF1(yTrue, yPred, { labels });
      return {
        accuracy: accuracy(yTrue, yPred),
        confusionMatrix: confusionMatrix(yTrue, yPred, labels).matrix,
        precision: s.perClass.map((x) => x.precision),
        recall: s.perClass.map((x) => x.recall),
        f1: s.perClass.map((x) => x.f1),
        support: s.perClass.map((x) => x.support),
        macro: { ...s.macro },
        micro: { ...s.micro },
        weighted: { ...s.weighted },
        matthews: matthewsCorrelation(yTrue, yPred),
      };
    }
    case 'rocCurve': {
      const r = rocCurve(a.yTrue, a.scores, { dropIntermediate: a.dropIntermediate });
      return { ...r, thresholds: r.thresholds.slice(1) };
    }
    case 'rocAuc':
      return rocAuc(a.yTrue, a.scores);
    case 'logLoss':
      return logLoss(a.yTrue, a.probabilities);
    case 'regression':
      return { ...regressionMetrics(a.yTrue, a.yPred) };
    default:
      throw new KiteError('INTERNAL', `reference table: no evaluator for '${c.fn}' (case ${c.id})`);
  }
}

/** A mismatch between Kite and the reference at one path of a case's value. */
export interface Difference {
  path: string;
  expected: Value;
  actual: Value;
  /** |actual - expected| (Infinity when the shapes differ). */
  absDiff: number;
}

/**
 * Every numeric leaf's absolute difference, plus structural mismatches; `tolerance(e)` is the
 * allowed difference for expected value `e`.
 */
export function compareValues(expected: Value, actual: Value, path = ''): Difference[] {
  const e = decode(expected);
  if (typeof e === 'number') {
    if (typeof actual !== 'number') return [{ path, expected: e, actual, absDiff: Number.POSITIVE_INFINITY }];
    if (Number.isNaN(e) && Number.isNaN(actual)) return [{ path, expected: e, actual, absDiff: 0 }];
    if (!Number.isFinite(e) || !Number.isFinite(actual)) {
      return [{ path, expected: e, actual, absDiff: e === actual ? 0 : Number.POSITIVE_INFINITY }];
    }
    return [{ path, expected: e, actual, absDiff: Math.abs(actual - e) }];
  }
  if (Array.isArray(e)) {
    if (!Array.isArray(actual) || actual.length !== e.length) {
      return [{ path, expected: e, actual, absDiff: Number.POSITIVE_INFINITY }];
    }
    return e.flatMap((x, i) => compareValues(x, actual[i]!, `${path}[${i}]`));
  }
  if (e !== null && typeof e === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
      return [{ path, expected: e, actual, absDiff: Number.POSITIVE_INFINITY }];
    }
    return Object.entries(e).flatMap(([k, x]) => compareValues(x, actual[k] ?? null, `${path}.${k}`));
  }
  return [{ path, expected: e, actual, absDiff: e === actual ? 0 : Number.POSITIVE_INFINITY }];
}
