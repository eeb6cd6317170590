import { describe, expect, it } from 'vitest';
import { isKiteError } from '../core/index.js';
import {
  accuracy,
  bootstrap,
  cohensD,
  confusionMatrix,
  correctedResampledTTest,
  createRng,
  holm,
  logLoss,
  mannWhitneyU,
  mcnemar,
  mean,
  pairedTTest,
  precisionRecallF1,
  r2Score,
  rocAuc,
  shuffled,
  toClassificationMetrics,
  toSystemMetrics,
  welchTTest,
  wilcoxonSignedRank,
} from './index.js';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('random', () => {
  it('gives the same stream for the same seed and different streams otherwise', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const sa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(sa);
    for (const v of sa) expect(v >= 0 && v < 1).toBe(true);
  });

  it('draws integers uniformly enough', () => {
    const rng = createRng(1);
    const counts = [0, 0, 0, 0, 0];
    for (let i = 0; i < 50_000; i++) counts[rng.int(5)]!++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
  });

  it('shuffles into a permutation without touching the input', () => {
    const items = [1, 2, 3, 4, 5, 6, 7, 8];
    const s = shuffled(items, createRng(7));
    expect([...s].sort()).toEqual(items);
    expect(s).not.toEqual(items);
    expect(items).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('bootstrap', () => {
  const x = [0.81, 0.79, 0.84, 0.9, 0.77, 0.83, 0.86, 0.8, 0.82, 0.88];

  it('is reproducible for a seed and covers the estimate', () => {
    const r1 = bootstrap([x], ([s]) => mean(s!), { seed: 3, nResamples: 2000 });
    const r2 = bootstrap([x], ([s]) => mean(s!), { seed: 3, nResamples: 2000 });
    expect(r1.confidenceInterval).toEqual(r2.confidenceInterval);
    expect(r1.estimate).toBeCloseTo(0.83, 12);
    expect(r1.confidenceInterval.low).toBeLessThan(r1.estimate);
    expect(r1.confidenceInterval.high).toBeGreaterThan(r1.estimate);
    // The standard error of a mean is close to s/√n.
    expect(r1.standardError).toBeGreaterThan(0.009);
    expect(r1.standardError).toBeLessThan(0.014);
  });

  it('rejects a degenerate distribution for BCa with a clear message', () => {
    const e = thrown(() => bootstrap([[1, 1, 1, 1]], ([s]) => mean(s!), { seed: 1, nResamples: 50 }));
    expect(isKiteError(e) && e.code).toBe('INVALID_DATA');
  });

  it('checks paired lengths', () => {
    const e = thrown(() =>
      bootstrap(
        [
          [1, 2, 3],
          [1, 2],
        ],
        () => 0,
        { seed: 1, paired: true },
      ),
    );
    expect(isKiteError(e) && e.message).toMatch(/same length/);
  });
});

describe('tests and effect sizes', () => {
  it('computes a paired t-test from known values', () => {
    // Differences 1, 2, 3: mean 2, sd 1, t = 2/(1/√3) = 3.4641, df = 2.
    const r = pairedTTest([2, 4, 6], [1, 2, 3]);
    expect(r.statistic).toBeCloseTo(Math.sqrt(12), 12);
    expect(r.df).toBe(2);
    expect(r.pValue).toBeCloseTo(0.07417990022744853, 10);
  });

  it('names the problem when inputs are bad', () => {
    const e1 = thrown(() => pairedTTest([1, 2, 3], [1, 2]));
    expect(isKiteError(e1) && e1.code).toBe('INVALID_ARGUMENT');
    const e2 = thrown(() => welchTTest([1, Number.NaN, 3], [1, 2]));
    expect(isKiteError(e2) && e2.message).toMatch(/a\[1\] is NaN/);
    const e3 = thrown(() => welchTTest([1], [1, 2]));
    expect(isKiteError(e3) && e3.message).toMatch(/at least 2/);
  });

  it('falls back to the normal approximation for ties and says so', () => {
    const r = wilcoxonSignedRank([1, 2, 3, 4, 5, 6], [0, 1, 2, 3, 1, 7], { method: 'exact' });
    expect(r.method).toBe('approx');
    expect(r.zStatistic).toBeDefined();
    const e = thrown(() => wilcoxonSignedRank([1, 2], [1, 2]));
    expect(isKiteError(e) && e.message).toMatch(/every difference is zero/);
  });

  it("gives Cohen's d of the textbook example", () => {
    expect(cohensD([5, 6, 7], [3, 4, 5])).toBeCloseTo(2, 12);
  });

  it('adjusts p-values with Holm and keeps the input order', () => {
    const r = holm([0.01, 0.04, 0.03]);
    expect(r.adjusted.map((p) => Number(p.toFixed(12)))).toEqual([0.03, 0.06, 0.06]);
    expect(r.rejected).toEqual([true, false, false]);
    expect(isKiteError(thrown(() => holm([0.1, 1.2])))).toBe(true);
  });
});

describe('metrics', () => {
  it('handles string labels and fixed label order', () => {
    const cm = confusionMatrix(['b', 'a', 'a'], ['b', 'b', 'a'], ['b', 'a']);
    expect(cm.matrix).toEqual([
      [1, 0],
      [1, 1],
    ]);
    expect(accuracy(['b', 'a', 'a'], ['b', 'b', 'a'])).toBeCloseTo(2 / 3, 15);
    const s = precisionRecallF1(['b', 'a', 'a'], ['b', 'b', 'a']);
    expect(s.micro.f1).toBeCloseTo(2 / 3, 15);
  });

  it('refuses ROC with one class and log loss with one label', () => {
    expect(thrown(() => rocAuc([1, 1], [0.2, 0.3]))).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(thrown(() => logLoss([1, 1], [0.2, 0.3]))).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(logLoss([1, 1], [0.5, 0.5], { labels: [0, 1] })).toBeCloseTo(Math.LN2, 15);
  });

  it('gives R² = 1 / 0 for a constant target', () => {
    expect(r2Score([2, 2], [2, 2])).toBe(1);
    expect(r2Score([2, 2], [2, 3])).toBe(0);
  });
});

describe('KFP metrics artifacts', () => {
  it('flattens metrics and refuses NaN', () => {
    expect(toSystemMetrics({ accuracy: 0.9, macro: { f1: 0.8 } })).toEqual({
      accuracy: 0.9,
      'macro.f1': 0.8,
    });
    expect(thrown(() => toSystemMetrics({ auc: Number.NaN }))).toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('writes the confusion matrix and ROC points as KFP does', () => {
    const yTrue = [0, 0, 1, 1];
    const scores = [0.1, 0.4, 0.35, 0.8];
    const meta = toClassificationMetrics({
      confusion: confusionMatrix(yTrue, [0, 1, 0, 1]),
      roc: {
        falsePositiveRate: [0, 0.5],
        truePositiveRate: [0, 1],
        thresholds: [Number.POSITIVE_INFINITY, 0.35],
      },
    });
    expect(meta.confusionMatrix).toEqual({
      annotationSpecs: [{ displayName: '0' }, { displayName: '1' }],
      rows: [{ row: [1, 1] }, { row: [1, 1] }],
    });
    expect(meta.confidenceMetrics).toEqual([
      { confidenceThreshold: 1.35, recall: 0, falsePositiveRate: 0 },
      { confidenceThreshold: 0.35, recall: 1, falsePositiveRate: 0.5 },
    ]);
    expect(JSON.parse(JSON.stringify(meta))).toEqual(meta);
    expect(rocAuc(yTrue, scores)).toBeCloseTo(0.75, 15);
  });
});

describe('model comparison', () => {
  it('counts discordant pairs for McNemar from predictions', () => {
    const yTrue = [1, 1, 1, 1, 0, 0, 0, 0, 1, 0];
    const a = [1, 1, 1, 1, 0, 0, 0, 0, 0, 1]; // right on 8
    const b = [1, 0, 0, 0, 0, 0, 1, 0, 1, 0]; // right on 6
    const r = mcnemar(yTrue, a, b);
    expect([r.b, r.c]).toEqual([4, 2]);
    expect(r.pValue).toBeCloseTo(0.6875, 12); // 2·P(X ≤ 2), X ~ Bin(6, ½) = 2·22/64
    expect(mcnemar([0], [0], [0]).pValue).toBe(1);
  });

  it('corrected resampled t-test is more cautious than the paired t-test', () => {
    const a = [0.86, 0.85, 0.87, 0.88, 0.86, 0.85, 0.87, 0.86, 0.88, 0.87];
    const b = [0.85, 0.84, 0.87, 0.86, 0.85, 0.85, 0.86, 0.85, 0.86, 0.86];
    const corrected = correctedResampledTTest(a, b, { testTrainRatio: 1 / 9 });
    expect(corrected.pValue).toBeGreaterThan(pairedTTest(a, b).pValue);
    expect(corrected.df).toBe(9);
  });

  it('Mann–Whitney U picks the exact method for small samples without ties', () => {
    expect(mannWhitneyU([1, 2, 3], [4, 5, 6, 7]).method).toBe('exact');
    expect(mannWhitneyU([1, 2, 2], [4, 5, 6, 7]).method).toBe('asymptotic');
  });
});
