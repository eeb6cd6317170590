import { describe, expect, it } from 'vitest';
import { maxAbsDiff } from './brute-force.js';
import { GradientExplainer, numericGradient } from './gradient.js';
import type { DenseMatrix } from './matrix.js';
import { createRng } from './rng.js';

describe('GradientExplainer', () => {
  it('G1: linear multi-output model over a zero background is exact (7 inputs → 6 outputs)', async () => {
    const rng = createRng(1);
    const W = Array.from({ length: 6 }, () => Array.from({ length: 7 }, () => rng.normal()));
    const model = (b: DenseMatrix) =>
      Array.from({ length: b.rows }, (_, r) =>
        W.map((w) => w.reduce((s, wj, j) => s + wj * (b.data[r * 7 + j] as number), 0)),
      );
    const gradient = (b: DenseMatrix, k: number) => {
      const out = new Float64Array(b.rows * 7);
      for (let r = 0; r < b.rows; r++) out.set(W[k]!, r * 7);
      return out;
    };
    const bg = Array.from({ length: 10 }, () => new Array(7).fill(0));
    const x = [[0.5, -1, 2, 0.1, 0.3, -0.7, 1.2]];
    const e = await new GradientExplainer(gradient, bg, { model }).explain(x);
    expect(e.multiOutput).toBe(true);
    for (let k = 0; k < 6; k++) {
      expect(
        Math.abs(e.outputValue(0, k) - model({ rows: 1, cols: 7, data: Float64Array.from(x[0]!) })[0]![k]!),
      ).toBeLessThan(1e-5);
      expect(
        maxAbsDiff(
          e.output(k).rowValues(0),
          W[k]!.map((w, j) => w * x[0]![j]!),
        ),
      ).toBeLessThan(1e-12);
    }
  });

  it('explains only the selected outputs', async () => {
    const gradient = (b: DenseMatrix, k: number) => new Float64Array(b.rows * 2).fill(k + 1);
    const model = (b: DenseMatrix) => Array.from({ length: b.rows }, () => [0, 0, 0]);
    const ex = new GradientExplainer(gradient, [[0, 0]], { model, outputNames: ['a', 'b', 'c'] });
    const e = await ex.explain([[1, 2]], { nsamples: 3, outputs: [2, 0] });
    expect(e.outputNames).toEqual(['c', 'a']);
    expect(e.output('c').rowValues(0)).toEqual([3, 6]);
    expect(e.output('a').rowValues(0)).toEqual([1, 2]);
    await expect(ex.explain([[1, 2]], { outputs: [3] })).rejects.toThrow(/not an output index/);
  });

  it('approximate additivity on a smooth nonlinear model with many samples', async () => {
    const f = (v: number[]) => Math.tanh(v[0]! * 0.8 - v[1]! * 0.5) + 0.3 * v[2]! * v[2]!;
    const model = (b: DenseMatrix) =>
      Array.from({ length: b.rows }, (_, r) => f(Array.from(b.data.subarray(r * 3, r * 3 + 3))));
    const gradient = (b: DenseMatrix) => {
      const out = new Float64Array(b.rows * 3);
      for (let r = 0; r < b.rows; r++) {
        const [a, c, z] = b.data.subarray(r * 3, r * 3 + 3) as unknown as [number, number, number];
        const d = 1 - Math.tanh(a * 0.8 - c * 0.5) ** 2;
        out.set([0.8 * d, -0.5 * d, 0.6 * z], r * 3);
      }
      return out;
    };
    const rng = createRng(2);
    const bg = Array.from({ length: 20 }, () => [rng.normal(), rng.normal(), rng.normal()]);
    const x = [1, -0.5, 0.7];
    const ex = new GradientExplainer(gradient, bg, { model, batchSize: 500 });
    const e = await ex.explain([x], { nsamples: 20000, seed: 4 });
    expect(ex.gradientRows).toBe(20000);
    expect(Math.abs(e.outputValue(0) - f(x))).toBeLessThan(0.03);
  });

  it('numeric gradients from a forward model: a 2-layer network, multi-output, approximately additive', async () => {
    const rng = createRng(6);
    const W1 = Array.from({ length: 8 }, () => Array.from({ length: 5 }, () => rng.normal() * 0.5));
    const W2 = Array.from({ length: 3 }, () => Array.from({ length: 8 }, () => rng.normal()));
    const f = (v: ArrayLike<number>) => {
      const h = W1.map((w) => Math.tanh(w.reduce((s, wj, j) => s + wj * (v[j] as number), 0)));
      return W2.map((w) => w.reduce((s, wj, j) => s + wj * h[j]!, 0));
    };
    const model = (b: DenseMatrix) =>
      Array.from({ length: b.rows }, (_, r) => f(b.data.subarray(r * 5, r * 5 + 5)));
    const bg = Array.from({ length: 10 }, () => Array.from({ length: 5 }, () => rng.normal() * 0.3));
    const x = [0.4, -0.3, 0.2, 0.5, -0.1];
    const e = await new GradientExplainer(numericGradient(model), bg, { model, batchSize: 200 }).explain(
      [x],
      { nsamples: 4000, seed: 2 },
    );
    for (let k = 0; k < 3; k++) expect(Math.abs(e.outputValue(0, k) - f(x)[k]!)).toBeLessThan(0.02);
  });

  it('rejects gradients of the wrong shape', async () => {
    const ex = new GradientExplainer((b) => new Float64Array(b.rows), [[0, 0]]);
    await expect(ex.explain([[1, 1]], { nsamples: 4 })).rejects.toThrow(
      /returned 1 values per row; inputs have 2 features/,
    );
  });
});
