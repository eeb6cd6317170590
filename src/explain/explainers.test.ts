import { describe, expect, it } from 'vitest';
import { bruteForceOwen, bruteForceShapley, maxAbsDiff } from './brute-force.js';
import { balancedLinkage } from './cluster.js';
import { ExactExplainer, grayCodeMasks, shapleyCoefficients } from './exact.js';
import { PartitionMasker } from './maskers/tabular.js';
import { PartitionExplainer } from './partition.js';
import { PermutationExplainer } from './permutation.js';
import { createRng } from './rng.js';

function expectClose(a: readonly number[], b: readonly number[], tol: number) {
  expect(a.length).toBe(b.length);
  expect(maxAbsDiff(a, b)).toBeLessThan(tol);
}

/** Interventional game v(S) = Σ_b w_b f(x_S, b_¬S) over a background. */
function game(f: (x: number[]) => number, x: number[], bg: number[][]) {
  return (m: Uint8Array) =>
    bg.reduce((s, b) => s + f(b.map((v, j) => (m[j] ? (x[j] as number) : v))), 0) / bg.length;
}

function randomModel(M: number, seed: number) {
  const rng = createRng(seed);
  const w = Array.from({ length: M }, () => rng.normal());
  const pairs = Array.from({ length: M }, () => [rng.int(M), rng.int(M), rng.normal()] as const);
  return (x: number[]) =>
    w.reduce((s, wi, i) => s + wi * (x[i] as number), 0) +
    pairs.reduce(
      (s, [a, b, c]) => s + c * (x[a] as number) * (x[b] as number) * Math.tanh(x[(a + 1) % M] as number),
      0,
    );
}

describe('ExactExplainer', () => {
  it('E1: multi-output model with non-varying features', async () => {
    const f = (X: number[][]) =>
      X.map((x) => [x.reduce((a, b) => a + b, 0), 2 * x.reduce((a, b) => a + b, 0)]);
    const e = await new ExactExplainer(f, [[0, 1, 2, 3]]).explain([[0, 5, 2, 7]]);
    expect(e.baseValues).toEqual([[6, 12]]);
    const v = e.values as number[][][];
    const expected = [
      [0, 0],
      [4, 8],
      [0, 0],
      [4, 8],
    ];
    expectClose(v[0]!.flat(), expected.flat(), 1e-10);
  });

  it('E3: Gray code order and Shapley coefficients', () => {
    expect(Array.from(grayCodeMasks(2))).toEqual([0, 0, 0, 1, 1, 1, 1, 0]);
    const g = grayCodeMasks(4);
    for (let i = 1; i < 16; i++) {
      let flips = 0;
      for (let b = 0; b < 4; b++) flips += Number(g[i * 4 + b] !== g[(i - 1) * 4 + b]);
      expect(flips).toBe(1);
    }
    const c = shapleyCoefficients(3);
    expect(Array.from(c).map((v) => v - [1 / 3, 1 / 6, 1 / 3][c.indexOf(v)]!)).toEqual([0, 0, 0]);
  });

  it('E3: equals brute-force Shapley on random models to 1e-10', async () => {
    for (let seed = 1; seed <= 5; seed++) {
      const M = 3 + (seed % 4);
      const f = randomModel(M, seed);
      const rng = createRng(seed + 100);
      const bg = Array.from({ length: 4 }, () => Array.from({ length: M }, () => rng.normal()));
      const x = Array.from({ length: M }, () => rng.normal());
      const e = await new ExactExplainer((X: number[][]) => X.map(f), bg).explain([x]);
      const truth = bruteForceShapley(M, game(f, x, bg));
      expectClose(e.rowValues(0), truth, 1e-10);
      expect(Math.abs(e.outputValue(0) - f(x))).toBeLessThan(1e-10);
    }
  });

  it('refuses a row that needs more than maxEvals (shap rule)', async () => {
    const ex = new ExactExplainer((X: number[][]) => X.map(() => 0), [[0, 0, 0, 0, 0]], { maxEvals: 16 });
    await expect(ex.explain([[1, 1, 1, 1, 1]])).rejects.toThrow(/2\^5 = 32 masked evaluations/);
  });

  it('with a hierarchy gives exact Owen values', async () => {
    const M = 6;
    const f = randomModel(M, 9);
    const tree = balancedLinkage(M);
    const bg = [[0, 0, 0, 0, 0, 0]];
    const x = [1, -2, 0.5, 3, -1, 2];
    const masker = new PartitionMasker(bg, { clustering: tree });
    const e = await new ExactExplainer((X: number[][]) => X.map(f), masker).explain([x]);
    const truth = bruteForceOwen(M, tree, game(f, x, bg));
    expectClose(e.rowValues(0), truth, 1e-10);
  });
});

describe('output selection', () => {
  it('explains the top-k outputs per row (shap: outputs=Explanation.argsort.flip[:k])', async () => {
    const f = (B: number[][]) => B.map((x) => [x[0]!, 3 * x[1]!, -x[0]! - x[1]!, x[0]! * x[1]!]);
    const ex = new ExactExplainer(f, [[0, 0]], { outputs: { top: 2 }, outputNames: ['a', 'b', 'c', 'd'] });
    const e = await ex.explain([
      [1, 2],
      [-3, -1],
    ]);
    expect(e.init.outputIndexes).toEqual([
      [1, 3],
      [2, 3],
    ]);
    expect(e.outputs).toBe(2);
    expect(e.outputValue(0, 0)).toBeCloseTo(6, 12);
    expect(e.outputValue(1, 0)).toBeCloseTo(4, 12);
    expect(e.outputValue(1, 1)).toBeCloseTo(3, 12);
    expect(e.outputNames).toBeUndefined();
    const fixed = await new ExactExplainer(f, [[0, 0]], {
      outputs: [2],
      outputNames: ['a', 'b', 'c', 'd'],
    }).explain([[1, 2]]);
    expect(fixed.outputNames).toEqual(['c']);
    expect(fixed.multiOutput).toBe(true);
    expect(fixed.output('c').rowValues(0)).toEqual([-1, -2]);
    await expect(new ExactExplainer(f, [[0, 0]], { outputs: [9] }).explain([[1, 2]])).rejects.toThrow(
      /not an output index/,
    );
  });
});

describe('PermutationExplainer', () => {
  it('PM1: exact for second-order functions', async () => {
    const f = (x: number[]) => x[0]! * x[2]! + x[1]! + x[2]! + x[2]! * x[3]!;
    const rng = createRng(3);
    const X = Array.from({ length: 20 }, () => Array.from({ length: 5 }, () => rng.int(2)));
    X.push([1, 1, 1, 1, 0]);
    const e = await new PermutationExplainer((B: number[][]) => B.map(f), [[0, 0, 0, 0, 0]], {
      seed: 7,
    }).explain(X);
    X.forEach((x, i) => {
      const [x0, x1, x2, x3] = x as [number, number, number, number];
      const want = [(x0 * x2) / 2, x1, x2 + (x0 * x2) / 2 + (x2 * x3) / 2, (x2 * x3) / 2, 0];
      expectClose(e.rowValues(i), want, 1e-10);
    });
    expect(e.rowValues(20)).toEqual([0.5, 1, 2, 0.5, 0]);
  });

  it('is exactly additive for any model and budget', async () => {
    const f = randomModel(7, 4);
    const bg = [
      [0, 1, 0, 1, 0, 1, 0],
      [1, 0, 1, 0, 1, 0, 1],
    ];
    const x = [2, -1, 0.5, 3, 1, -2, 1];
    const ex = new PermutationExplainer((B: number[][]) => B.map(f), bg, { maxEvals: 45, seed: 2 });
    const e = await ex.explain([x]);
    expect(Math.abs(e.outputValue(0) - f(x))).toBeLessThan(1e-10);
    // 3 permutations × 12 inner masks + f(∅) + f(x)
    expect(ex.stats.masks).toBe(3 * 12 + 2);
  });

  it('refuses a budget below 2M + 1', async () => {
    const ex = new PermutationExplainer((B: number[][]) => B.map(() => 1), [[0, 0, 0]], { maxEvals: 6 });
    await expect(ex.explain([[1, 1, 1]])).rejects.toThrow(/at least 2 \* num_features \+ 1 = 7/);
  });
});

describe('PartitionExplainer', () => {
  const tree = balancedLinkage(8);
  const xs = [1, 2, 3, 4, 5, 6, 7, 8];
  // PT2: background all zeros; f(m) = Σ m_i x_i + 10·[m0 ∧ m5]
  const f = (B: number[][]) =>
    B.map((b) => b.reduce((s, v) => s + v, 0) + (b[0] !== 0 && b[5] !== 0 ? 10 : 0));
  const masker = new PartitionMasker([[0, 0, 0, 0, 0, 0, 0, 0]], { clustering: tree });

  it('PT2: full run uses 44 evaluations and returns exact Owen values', async () => {
    const ex = new PartitionExplainer(f, masker);
    const e = await ex.explain([xs]);
    expect(ex.stats.masks).toBe(44);
    expect(e.rowValues(0).map((v) => Math.round(v * 1e12) / 1e12)).toEqual([6, 2, 3, 4, 5, 11, 7, 8]);
  });

  it('PT2: max_evals = 10 spreads unresolved credit by leaf count', async () => {
    const e = await new PartitionExplainer(f, masker, { maxEvals: 10 }).explain([xs]);
    expect(e.rowValues(0).map((v) => Math.round(v * 1e12) / 1e12)).toEqual([4.5, 4.5, 3, 3, 8, 8, 7.5, 7.5]);
    expect(e.outputValue(0)).toBeCloseTo(46, 10);
  });

  it('fixedContext 0/1 keeps additivity with the interaction left on the node', async () => {
    for (const fixedContext of [0, 1] as const) {
      const ex = new PartitionExplainer(f, masker, { fixedContext });
      const e = await ex.explain([xs]);
      expect(e.outputValue(0)).toBeCloseTo(46, 10);
      expect(ex.stats.masks).toBe(2 + 2 * 7);
      // context 0: feature 1 gets x1 plus 1/8 of the root's interaction (10), lowered by leaf count
      if (fixedContext === 0) expect(e.value(0, 1)).toBeCloseTo(2 + 10 / 8, 12);
    }
  });

  it('PT1: with enough budget equals brute-force Owen values; eval counts match 2 + 2(M²−1)/3', async () => {
    for (const M of [4, 16]) {
      const g = randomModel(M, M);
      const t = balancedLinkage(M);
      const bg = [Array.from({ length: M }, () => 0)];
      const x = Array.from({ length: M }, (_, i) => (i % 3) - 1 + i / 10);
      const ex = new PartitionExplainer(
        (B: number[][]) => B.map(g),
        new PartitionMasker(bg, { clustering: t }),
        { maxEvals: 10000 },
      );
      const e = await ex.explain([x]);
      expect(ex.stats.masks).toBe(2 + (2 * (M * M - 1)) / 3);
      if (M <= 8) {
        const truth = bruteForceOwen(M, t, game(g, x, bg));
        expectClose(e.rowValues(0), truth, 1e-10);
      }
      expect(Math.abs(e.outputValue(0) - g(x))).toBeLessThan(1e-10);
    }
  });
});
