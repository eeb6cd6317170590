import { describe, expect, it } from 'vitest';
import { bruteForceShapley, maxAbsDiff } from './brute-force.js';
import { ExactExplainer } from './exact.js';
import { Explainer } from './explainer.js';
import { KernelExplainer } from './kernel.js';
import { ImageMasker } from './maskers/image.js';
import { PartitionMasker } from './maskers/tabular.js';
import { TextMasker } from './maskers/text.js';
import { PartitionExplainer } from './partition.js';
import { PermutationExplainer } from './permutation.js';
import { createRng } from './rng.js';

type F = (x: number[]) => number;
const batch = (f: F) => (X: number[][]) => X.map(f);

function randomModel(M: number, seed: number, dummy?: number): F {
  const rng = createRng(seed);
  const w = Array.from({ length: M }, (_, i) => (i === dummy ? 0 : rng.normal()));
  const pairs = Array.from({ length: M }, () => [rng.int(M), rng.int(M), rng.normal()] as const).filter(
    ([a, b]) => a !== dummy && b !== dummy,
  );
  return (x) =>
    w.reduce((s, wi, i) => s + wi * x[i]!, 0) +
    pairs.reduce((s, [a, b, c]) => s + c * Math.sin(x[a]! * x[b]!), 0);
}

function setup(seed: number, M: number) {
  const rng = createRng(seed);
  const bg = Array.from({ length: 3 }, () => Array.from({ length: M }, () => rng.normal()));
  const x = Array.from({ length: M }, () => rng.normal());
  return { bg, x };
}

describe('Shapley axioms over random models', () => {
  it('efficiency, dummy, symmetry and linearity hold for Exact and fully enumerated Kernel (1e-10)', async () => {
    for (let seed = 1; seed <= 6; seed++) {
      const M = 4 + (seed % 3);
      const { bg, x } = setup(seed, M);
      const f = randomModel(M, seed, 1);
      const g = randomModel(M, seed + 50);
      const exact = async (h: F) => (await new ExactExplainer(batch(h), bg).explain([x])).rowValues(0);
      const kernel = async (h: F) =>
        (await new KernelExplainer(batch(h), bg).explain([x], { l1Reg: false })).rowValues(0);
      for (const run of [exact, kernel]) {
        const pf = await run(f);
        const pg = await run(g);
        const psum = await run((v) => 2 * f(v) - 3 * g(v));
        const meanF = bg.reduce((s, b) => s + f(b), 0) / bg.length;
        expect(Math.abs(pf.reduce((a, b) => a + b, 0) - (f(x) - meanF))).toBeLessThan(1e-10);
        expect(Math.abs(pf[1]!)).toBeLessThan(1e-10);
        expect(
          maxAbsDiff(
            psum,
            pf.map((v, j) => 2 * v - 3 * pg[j]!),
          ),
        ).toBeLessThan(1e-10);
      }
      // symmetry: a model symmetric in features 0 and 2, with x0 = x2 and equal background columns
      const sym: F = (v) => v[0]! * v[2]! + Math.exp(0.1 * (v[0]! + v[2]!)) + v[3]!;
      const bgS = bg.map((b) => [b[0]!, b[1]!, b[0]!, ...b.slice(3)]);
      const xS = [x[0]!, x[1]!, x[0]!, ...x.slice(3)];
      const ps = (await new ExactExplainer(batch(sym), bgS).explain([xS])).rowValues(0);
      expect(Math.abs(ps[0]! - ps[2]!)).toBeLessThan(1e-10);
    }
  });

  it('Exact and fully enumerated Kernel both equal brute force', async () => {
    for (let seed = 10; seed < 14; seed++) {
      const M = 5;
      const { bg, x } = setup(seed, M);
      const f = randomModel(M, seed);
      const truth = bruteForceShapley(
        M,
        (m) => bg.reduce((s, b) => s + f(b.map((v, j) => (m[j] ? x[j]! : v))), 0) / bg.length,
      );
      const pk = (await new KernelExplainer(batch(f), bg).explain([x])).rowValues(0);
      expect(maxAbsDiff(pk, truth)).toBeLessThan(1e-10);
    }
  });

  it('Permutation and Partition are exactly additive at small budgets', async () => {
    for (let seed = 20; seed < 24; seed++) {
      const M = 9;
      const { bg, x } = setup(seed, M);
      const f = randomModel(M, seed);
      const meanF = bg.reduce((s, b) => s + f(b), 0) / bg.length;
      const pp = await new PermutationExplainer(batch(f), bg, { maxEvals: 40, seed }).explain([x]);
      expect(Math.abs(pp.outputValue(0) - f(x))).toBeLessThan(1e-10);
      const pt = await new PartitionExplainer(batch(f), new PartitionMasker(bg), {
        maxEvals: 20,
        seed,
      }).explain([x]);
      expect(Math.abs(pt.outputValue(0) - f(x))).toBeLessThan(1e-10);
      expect(pp.baseValue(0)).toBeCloseTo(meanF, 12);
    }
  });
});

describe('Explainer (auto)', () => {
  it('picks as shap does', () => {
    const f = (X: number[][]) => X.map(() => 0);
    expect(new Explainer(f, [new Array(10).fill(0)]).algorithm).toBe('exact');
    expect(new Explainer(f, [new Array(11).fill(0)]).algorithm).toBe('permutation');
    expect(
      new Explainer(
        f,
        new PartitionMasker([
          [0, 1, 2],
          [1, 0, 3],
          [2, 2, 2],
        ]),
      ).algorithm,
    ).toBe('exact');
    expect(
      new Explainer(
        f,
        [
          [0, 1, 2],
          [1, 0, 3],
        ],
        { algorithm: 'partition' },
      ).algorithm,
    ).toBe('partition');
    expect(new Explainer((s: string[]) => s.map(() => 0), new TextMasker()).algorithm).toBe('partition');
    expect(new Explainer((b) => new Float64Array(b.rows), new ImageMasker(0, [2, 2, 1])).algorithm).toBe(
      'partition',
    );
    expect(() => new Explainer(f, [[0]], { algorithm: 'lime' as never })).toThrow(/unknown algorithm/);
    expect(() => new Explainer(f, [[0]], { algorithm: 'deep' })).toThrow(/needs a TensorFlow.js LayersModel/);
  });

  it('explains with the chosen algorithm', async () => {
    const e = await new Explainer((X: number[][]) => X.map((x) => x[0]! * x[1]!), [[0, 0]]).explain([[1, 1]]);
    expect(e.rowValues(0)).toEqual([0.5, 0.5]);
    expect(e.init.algorithm).toBe('exact');
  });
});
