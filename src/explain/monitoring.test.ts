import { describe, expect, it } from 'vitest';
import { Explanation } from './explanation.js';
import { compareAttributions, scanSplits } from './monitoring.js';
import { createRng } from './rng.js';

function window(n: number, shift: number[], seed: number) {
  const rng = createRng(seed);
  return new Explanation({
    values: Array.from({ length: n }, () => shift.map((s) => s + rng.normal() * 0.5)),
    baseValues: new Array(n).fill(0),
    featureNames: shift.map((_, j) => `f${j}`),
  });
}

describe('attribution monitoring', () => {
  it('flags only the feature whose attributions moved (Bonferroni and Holm)', () => {
    const before = window(200, [0, 1, -1, 0.5], 1);
    const after = window(200, [0, 1, -0.5, 0.5], 2);
    for (const correction of ['bonferroni', 'holm'] as const) {
      const r = compareAttributions(before, after, { correction });
      expect(r.drifted).toBe(true);
      expect(r.driftedFeatures).toEqual(['f2']);
      expect(r.features[2]!.adjustedPValue).toBeLessThan(1e-6);
      expect(r.features[0]!.adjustedPValue).toBeGreaterThanOrEqual(r.features[0]!.pValue);
    }
    const same = compareAttributions(before, window(200, [0, 1, -1, 0.5], 3), { test: 'welch' });
    expect(same.drifted).toBe(false);
  });

  it('Bonferroni multiplies p by the number of features', () => {
    const r = compareAttributions(window(30, [0, 0, 0], 4), window(30, [0.2, 0, 0], 5));
    r.features.forEach((f) => {
      expect(f.adjustedPValue).toBeCloseTo(Math.min(1, f.pValue * 3), 14);
    });
  });

  it('split scan: t-test every 50 samples, flag when min p < 0.05 / M', () => {
    const rng = createRng(9);
    const values = Array.from({ length: 400 }, (_, i) => [rng.normal() + (i >= 250 ? 2 : 0), rng.normal()]);
    const e = new Explanation({
      values,
      baseValues: new Array(400).fill(0),
      featureNames: ['drifting', 'stable'],
    });
    const s = scanSplits(e, 'drifting');
    expect(s.splits).toEqual([50, 100, 150, 200, 250, 300]);
    expect(s.bestSplit).toBe(250);
    expect(s.flagged).toBe(true);
    expect(scanSplits(e, 1).flagged).toBe(false);
  });

  it('refuses mismatched explanations', () => {
    expect(() => compareAttributions(window(5, [0, 1], 1), window(5, [0, 1, 2], 2))).toThrow(
      /2 and 3 features/,
    );
  });
});
