import { describe, expect, it } from 'vitest';
import { bruteForceShapley, maxAbsDiff } from './brute-force.js';
import { ExactExplainer } from './exact.js';
import { logitLink } from './links.js';
import { MaskedModel } from './masked-model.js';
import { IndependentMasker } from './maskers/tabular.js';
import type { DenseMatrix } from './matrix.js';
import { PermutationExplainer } from './permutation.js';
import { createRng } from './rng.js';

describe('MaskedModel', () => {
  it('batches model calls and accepts async models over typed-array batches', async () => {
    let calls = 0;
    const model = async (b: DenseMatrix) => {
      calls++;
      return Float64Array.from(
        { length: b.rows },
        (_, r) => (b.data[r * 2] as number) + 2 * (b.data[r * 2 + 1] as number),
      );
    };
    const masker = new IndependentMasker(
      [
        [0, 0],
        [1, 1],
        [2, 0],
      ],
      { format: 'matrix' },
    ).bind([5, 5]);
    const fm = new MaskedModel(model, masker, 3);
    const masks = Uint8Array.of(0, 0, 1, 0, 0, 1, 1, 1, 1, 0, 0, 0, 1, 1);
    const y = await fm.evaluate(masks, 7);
    expect(calls).toBe(3);
    expect(maxAbsDiff(y, [5 / 3, 17 / 3, 11, 15, 17 / 3, 5 / 3, 15])).toBeLessThan(1e-12);
    // no background value equals x, so every mask re-runs all 3 rows
    expect(fm.stats.rows).toBe(21);
  });

  it('delta evaluation re-runs only background rows a mask change can affect (values unchanged)', async () => {
    const rng = createRng(2);
    const M = 6;
    const bg = Array.from({ length: 20 }, () => Array.from({ length: M }, () => rng.int(2)));
    const x = [1, 0, 1, 1, 0, 1];
    const f = (v: number[]) => v[0]! * v[1]! + 2 * v[2]! - v[3]! * v[4]! * v[5]! + Math.sin(v[1]! + v[5]!);
    const ex = new ExactExplainer((B: number[][]) => B.map(f), bg);
    const e = await ex.explain([x]);
    expect(ex.stats.masks).toBe(64);
    expect(ex.stats.rows).toBeLessThan(64 * 20 * 0.7);
    const truth = bruteForceShapley(
      M,
      (m) => bg.reduce((s, b) => s + f(b.map((v, j) => (m[j] ? x[j]! : v))), 0) / bg.length,
    );
    expect(maxAbsDiff(e.rowValues(0), truth)).toBeLessThan(1e-10);
    const pe = new PermutationExplainer((B: number[][]) => B.map(f), bg, { seed: 1 });
    const p = await pe.explain([x]);
    expect(pe.stats.rows).toBeLessThan(pe.stats.masks * 20);
    expect(Math.abs(p.outputValue(0) - f(x))).toBeLessThan(1e-10);
  });

  it('linearised logit link: base = logit(E p), additive in log-odds for a logistic-linear model', async () => {
    const beta = [0.8, -1.2, 0.5];
    const p = (z: number[]) => 1 / (1 + Math.exp(-(0.3 + z.reduce((s, v, j) => s + v * beta[j]!, 0))));
    const rng = createRng(4);
    const bg = Array.from({ length: 10 }, () => [rng.normal(), rng.normal(), rng.normal()]);
    const x = [1, 0.5, -2];
    const e = await new ExactExplainer((B: number[][]) => B.map(p), bg, { link: 'logit' }).explain([x]);
    const probs = bg.map(p);
    const mean = probs.reduce((a, b) => a + b, 0) / probs.length;
    expect(e.baseValue(0)).toBeCloseTo(logitLink.f(mean), 12);
    expect(e.outputValue(0)).toBeCloseTo(logitLink.f(p(x)), 10);
    // shap's weights: linearised link around the mean, normalised
    const f = logitLink.f;
    const grad = (f(mean + 1e-4) - f(mean)) / 1e-4;
    let lw = probs.map((q) => (grad * (q - mean)) / (f(q) - f(mean)));
    const s = lw.reduce((a, b) => a + b, 0) / lw.length;
    lw = lw.map((v) => v / s);
    const c = [0, 1, 2].map((j) => bg.reduce((acc, b, r) => acc + (lw[r]! * b[j]!) / bg.length, 0));
    expect(
      maxAbsDiff(
        e.rowValues(0),
        beta.map((b, j) => b * (x[j]! - c[j]!)),
      ),
    ).toBeLessThan(1e-9);
    // without linearisation the link is applied to the average
    const plain = await new ExactExplainer((B: number[][]) => B.map(p), bg, {
      link: 'logit',
      linearizeLink: false,
    }).explain([x]);
    expect(plain.baseValue(0)).toBeCloseTo(logitLink.f(mean), 12);
  });
});
