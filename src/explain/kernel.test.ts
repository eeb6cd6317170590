import { describe, expect, it } from 'vitest';
import { bruteForceShapley, maxAbsDiff } from './brute-force.js';
import { KernelExplainer } from './kernel.js';
import { binom, kernelPlan, kernelSizeWeights, resolveNsamples } from './kernel-plan.js';
import { createRng } from './rng.js';
import { kmeans, sample } from './summarize.js';

const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0);
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const logit = (p: number) => Math.log(p / (1 - p));

function game(f: (x: number[]) => number, x: number[], bg: number[][]) {
  return (m: Uint8Array) => bg.reduce((s, b) => s + f(b.map((v, j) => (m[j] ? x[j]! : v))), 0) / bg.length;
}

describe('KernelExplainer', () => {
  it('K1: null model with no varying features gives zeros', async () => {
    for (const M of [4, 10]) {
      const bg = [new Array(M).fill(1), new Array(M).fill(1)];
      const e = await new KernelExplainer((X: number[][]) => X.map(() => 0), bg).explain([
        new Array(M).fill(1),
      ]);
      expect(sum(e.rowValues(0).map(Math.abs))).toBeLessThan(1e-8);
    }
  });

  it('K2: linear model closed form', async () => {
    const rng = createRng(11);
    const X = Array.from({ length: 200 }, () => [rng.normal(), rng.normal(), rng.normal()]);
    const mean = [0, 1, 2].map((j) => sum(X.map((r) => r[j]!)) / 200);
    const ex = new KernelExplainer((B: number[][]) => B.map((x) => x[0]! + 2 * x[1]!), X);
    const e = await ex.explain(X.slice(0, 20), { l1Reg: 'num_features(2)' });
    for (let i = 0; i < 20; i++) {
      const want = [X[i]![0]! - mean[0]!, 2 * (X[i]![1]! - mean[1]!), 0];
      expect(maxAbsDiff(e.rowValues(i), want)).toBeLessThan(1e-9);
    }
  });

  it('K3: the Simple Kernel SHAP notebook numbers', async () => {
    const beta = [0.5488135, 0.71518937, 0.60276338, 0.54488318];
    const f = (B: number[][]) => B.map((x) => x.reduce((s, v, j) => s + v * beta[j]!, 10));
    const e = await new KernelExplainer(f, [[0, 0, 0, 0]]).explain([
      [1.62434536, -0.61175641, -0.52817175, -1.07296862],
    ]);
    expect(maxAbsDiff(e.rowValues(0), [0.89146267, -0.43752168, -0.31836259, -0.58464256])).toBeLessThan(
      1e-7,
    );
    expect(e.baseValue(0)).toBe(10);
    expect(e.outputValue(0)).toBeCloseTo(9.55093584, 7);
  });

  it('K4: fully enumerated kernel equals brute-force Shapley (M = 7, 100-row background)', async () => {
    const rng = createRng(5);
    const bg = Array.from({ length: 100 }, () => Array.from({ length: 7 }, () => rng.normal()));
    const tree = (x: number[]) =>
      x[0]! > 0 ? (x[3]! > 0.5 ? 3 : x[1]! * 2) : x[2]! < -1 ? -2 : x[5]! + x[6]! * x[4]!;
    const x = [0.3, -1.2, 0.7, 1.1, -0.4, 2, -0.5];
    const ex = new KernelExplainer((B: number[][]) => B.map(tree), bg);
    const e = await ex.explain([x], { nsamples: 150 });
    const truth = bruteForceShapley(7, game(tree, x, bg));
    expect(maxAbsDiff(e.rowValues(0), truth)).toBeLessThan(1e-8);
    expect(Math.abs(e.outputValue(0) - tree(x))).toBeLessThan(1e-10);
  });

  it('K5/K7: logit link on a logistic model', async () => {
    const coef = [-0.1991, 0.3426, 0.0478, 1.03745];
    const p = (B: number[][]) => B.map((z) => sigmoid(-1.6689 + z.reduce((s, v, j) => s + v * coef[j]!, 0)));
    const x = [4.8, 3.8, 2.1, 5.4];
    const e = await new KernelExplainer(p, [[5.8, 2.8, 5.1, 2.4]], { link: 'logit' }).explain([x]);
    expect(maxAbsDiff(e.rowValues(0), [0.1991, 0.3426, -0.1434, 3.11235])).toBeLessThan(1e-9);
    expect(sigmoid(e.outputValue(0))).toBeCloseTo(p([x])[0]!, 12);
    // probabilities of exactly 0 and 1 stay finite thanks to the clip
    const step = (B: number[][]) => B.map((z) => (z[0]! > 0 ? 1 : 0));
    const e2 = await new KernelExplainer(
      step,
      [
        [-1, 0],
        [1, 0],
        [-2, 1],
      ],
      { link: 'logit' },
    ).explain([[1, 1]]);
    expect(Number.isFinite(e2.value(0, 0))).toBe(true);
    expect(Math.abs(sigmoid(e2.outputValue(0)) - 1)).toBeLessThan(1e-4);
    expect(logit(0.5)).toBe(0);
  });

  it('K8: a constant column gets exactly zero; additivity holds', async () => {
    const data = [
      [0, 0, 0],
      [0, 1, 0],
      [1, 0, 0],
      [1, 1, 0],
      [0, 1, 0],
    ];
    const f = (B: number[][]) => B.map((x) => 0.3 + 1.7 * x[0]! - 0.8 * x[1]! + 0.5 * x[2]!);
    const e = await new KernelExplainer(f, data).explain([data[0]!]);
    expect(e.value(0, 2)).toBe(0);
    expect(Math.abs(e.outputValue(0) - f([data[0]!])[0]!)).toBeLessThan(1e-4);
  });

  it('K10: sampling plan as shap builds it', () => {
    const w4 = kernelPlan(4, 14, 14, createRng(0));
    expect(w4.count).toBe(14);
    expect(w4.enumerated).toBe(14);
    const sizes = Array.from({ length: 14 }, (_, i) => sum(w4.masks.subarray(i * 4, i * 4 + 4)));
    sizes.forEach((s, i) => {
      expect(w4.weights[i]).toBeCloseTo(s === 2 ? 1 / 22 : 1 / 11, 12);
    });
    expect(sum(w4.weights)).toBeCloseTo(1, 12);
    const cases: [number, number, number][] = [
      [10, 1022, 1022],
      [11, 2046, 2046],
      [12, 2072, 596],
      [16, 2080, 272],
      [50, 2148, 100],
    ];
    for (const [M, total, enumerated] of cases) {
      const { nsamples, maxSamples } = resolveNsamples(M, 'auto');
      expect(nsamples).toBe(total);
      const plan = kernelPlan(M, nsamples, maxSamples, createRng(1));
      expect(plan.enumerated).toBe(enumerated);
      expect(plan.count).toBe(total);
      expect(sum(plan.weights)).toBeCloseTo(1, 10);
    }
    expect(binom(12, 3)).toBe(220);
    expect(sum(kernelSizeWeights(9))).toBeCloseTo(1, 14);
  });

  it('K10: efficiency holds in the sampled regime (M = 14, nonlinear model)', async () => {
    const rng = createRng(8);
    const M = 14;
    const bg = Array.from({ length: 5 }, () => Array.from({ length: M }, () => rng.normal()));
    const f = (B: number[][]) =>
      B.map((x) => Math.sin(x[0]!) * x[1]! + x.reduce((s, v, j) => s + v * (j - 6), 0) + x[3]! * x[9]!);
    const x = Array.from({ length: M }, () => rng.normal());
    const ex = new KernelExplainer(f, bg);
    for (const l1Reg of ['num_features(10)', false, 0.01, 'aic', 'bic', 'auto'] as const) {
      const e = await ex.explain([x], { nsamples: 500, l1Reg, seed: 3 });
      expect(Math.abs(e.outputValue(0) - f([x])[0]!)).toBeLessThan(1e-10);
      if (l1Reg === 'num_features(10)')
        expect(e.rowValues(0).filter((v) => v !== 0).length).toBeLessThanOrEqual(10);
    }
  });

  it("l1Reg 'aic'/'bic' (LassoLarsIC) keeps the features that matter in the sampled regime", async () => {
    const M = 20;
    const rng = createRng(12);
    const bg = Array.from({ length: 3 }, () => Array.from({ length: M }, () => rng.normal() * 0.1));
    const w = Array.from({ length: M }, (_, j) => (j === 2 ? 3 : j === 7 ? -2 : j === 11 ? 1.5 : 0));
    const f = (B: number[][]) =>
      B.map((x) => x.reduce((s, v, j) => s + v * w[j]!, 0) + 0.05 * Math.sin(5 * x[0]!));
    const x = Array.from({ length: M }, () => 1 + rng.random());
    for (const l1Reg of ['aic', 'bic'] as const) {
      const e = await new KernelExplainer(f, bg).explain([x], { nsamples: 300, l1Reg, seed: 1 });
      const v = e.rowValues(0);
      for (const j of [2, 7, 11]) expect(Math.abs(v[j]!)).toBeGreaterThan(1);
      expect(v.filter((val) => val !== 0).length).toBeLessThanOrEqual(8);
      expect(Math.abs(e.outputValue(0) - f([x])[0]!)).toBeLessThan(1e-10);
    }
  });

  it('multi-output models give (n, M, K) values and K base values', async () => {
    const f = (B: number[][]) => B.map((x) => [x[0]! + x[1]!, x[0]! * 3]);
    const e = await new KernelExplainer(
      f,
      [
        [0, 0],
        [2, 2],
      ],
      { outputNames: ['sum', 'triple'] },
    ).explain([[1, 1]]);
    expect(e.multiOutput).toBe(true);
    expect(e.baseValues).toEqual([[2, 3]]);
    expect(maxAbsDiff((e.values as number[][][])[0]!.flat(), [0, 0, 0, 0])).toBeLessThan(1e-12);
    expect(e.output('triple').rowValues(0)).toEqual([0, 0]);
  });

  it('rejects bad input clearly', async () => {
    const ex = new KernelExplainer((B: number[][]) => B.map(() => Number.NaN), [[0, 0]]);
    await expect(ex.explain([[1, 1]])).rejects.toThrow(/model returned NaN/);
    const wrong = new KernelExplainer((B: number[][]) => B.slice(1).map(() => 1), [[0, 0]]);
    await expect(wrong.explain([[1, 1]])).rejects.toThrow(/returned 0 outputs for a batch of 1/);
    await expect(
      new KernelExplainer((B: number[][]) => B.map(() => 1), [[0, 0]]).explain([[1, 2, 3]]),
    ).rejects.toThrow(/3 features/);
    await expect(
      new KernelExplainer((B: number[][]) => B.map(() => 1), [[0, 0]]).explain([[1, 2]], {
        l1Reg: 'rank(3)' as never,
      }),
    ).rejects.toThrow(/unknown l1Reg/);
  });
});

describe('background summaries', () => {
  it('kmeans returns k snapped centres with cluster-size weights; sample draws without replacement', () => {
    const X = [
      [0, 0],
      [0.1, 0],
      [0, 0.1],
      [10, 10],
      [10.1, 10],
      [10, 10.2],
    ];
    const { data, weights } = kmeans(X, 2);
    expect([...weights].sort()).toEqual([3, 3]);
    for (const c of data as number[][])
      for (const [j, v] of c.entries()) expect(X.some((r) => r[j] === v)).toBe(true);
    const s = sample(X, 4, 1);
    expect(new Set(s.map((r) => r.join())).size).toBe(4);
  });
});
