import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bruteForceShapley, maxAbsDiff } from './brute-force.js';
import { createRng, type Rng } from './rng.js';
import { additivityFailures, TreeExplainer } from './tree.js';
import { compileEnsemble, type TreeArrays, type TreeEnsemble } from './tree-model.js';
import { pathExpectation } from './tree-path.js';

const cases = JSON.parse(readFileSync(new URL('./fixtures/shap-cases-tree.json', import.meta.url), 'utf8'));

/** assert_allclose with shap's default rtol 1e-7 (atol 0). */
function allclose(got: number[][], want: number[][], rtol: number): void {
  expect(got.length).toBe(want.length);
  got.forEach((row, i) => {
    row.forEach((v, j) => {
      const w = want[i]![j]!;
      expect(Math.abs(v - w)).toBeLessThanOrEqual(rtol * Math.abs(w) + 1e-12);
    });
  });
}

/** A random tree over M features (features may repeat along a path), covers from random data. */
function randomTree(rng: Rng, M: number, depth: number, K = 1): TreeArrays {
  const t = {
    childrenLeft: [] as number[],
    childrenRight: [] as number[],
    feature: [] as number[],
    threshold: [] as number[],
    value: [] as (number | number[])[],
    nodeSampleWeight: [] as number[],
  };
  const grow = (d: number): number => {
    const i = t.childrenLeft.length;
    t.childrenLeft.push(-1);
    t.childrenRight.push(-1);
    t.feature.push(-2);
    t.threshold.push(-2);
    const leafValue = Array.from({ length: K }, () => Math.round(rng.normal() * 100) / 10);
    t.value.push(K === 1 ? (leafValue[0] as number) : leafValue);
    t.nodeSampleWeight.push(1 + rng.int(20));
    if (d < depth && (d < 2 || rng.random() < 0.7)) {
      t.feature[i] = rng.int(M);
      t.threshold[i] = Math.round(rng.random() * 100) / 100;
      t.childrenLeft[i] = grow(d + 1);
      t.childrenRight[i] = grow(d + 1);
      t.nodeSampleWeight[i] =
        t.nodeSampleWeight[t.childrenLeft[i]!]! + t.nodeSampleWeight[t.childrenRight[i]!]!;
    }
    return i;
  };
  grow(0);
  return t as TreeArrays;
}

const rows = (rng: Rng, n: number, M: number) =>
  Array.from({ length: n }, () => Array.from({ length: M }, () => rng.random()));

describe('TreeExplainer: shap conformance cases', () => {
  const and: TreeEnsemble = { trees: [cases.T1.tree] };

  it('T1: the AND tree — path-dependent values, Saabas values and E exactly as shap gives', async () => {
    const ex = new TreeExplainer(and);
    expect(ex.featurePerturbation).toBe('tree_path_dependent');
    expect(ex.expectedValue).toBe(cases.T1.expected);
    allclose((await ex.explain(cases.T1.X)).values as number[][], cases.T1.pathDependent, cases.T1.rtol);
    const s = await ex.explain(cases.T1.X, { approximate: true });
    allclose(s.values as number[][], cases.T1.saabas, cases.T1.rtol);
  });

  it('T1 (D): brute-force Shapley with the 4 points as background gives the path-dependent values', async () => {
    const X = cases.T1.X as number[][];
    const f = (x: number[]) => (x[1]! > 0.5 && x[0]! > 0.5 ? 80 : 0);
    const interventional = await new TreeExplainer(and, X).explain(X);
    X.forEach((x, i) => {
      const bf = bruteForceShapley(2, (m) => game(m, x));
      expect(maxAbsDiff(bf, cases.T1.pathDependent[i])).toBeLessThan(1e-12);
      expect(maxAbsDiff(interventional.rowValues(i), cases.T1.pathDependent[i])).toBeLessThan(1e-12);
    });
    function game(m: Uint8Array, x: number[]): number {
      return X.reduce((s, r) => s + f([m[0] ? x[0]! : r[0]!, m[1] ? x[1]! : r[1]!]) / X.length, 0);
    }
  });

  it('T3: assert_additivity passes iff np.allclose(E + Σφ, output, atol=1e-2, rtol=1e-2)', () => {
    const c = cases.T3;
    const sums: number[] = [];
    const outputs: number[] = [];
    (c.phi as number[][][]).forEach((row, i) => {
      for (let k = 0; k < 2; k++) {
        sums.push(c.expected[k] + row.reduce((s, cell) => s + cell[k]!, 0));
        outputs.push(c.output[i][k]);
      }
    });
    expect(additivityFailures(sums, outputs, c.atol, c.rtol)).toEqual([]);
    // the tolerance is tight: 0.0025 off passes at 1e-2 but not at shap's default 1e-8 + 1e-5·|o|
    expect(additivityFailures(sums, outputs, 1e-8, 1e-5).map((b) => b.index)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7,
    ]);
    expect(additivityFailures([0.5 + 0.0151], [0.5])).toHaveLength(1);
    expect(additivityFailures([0.5 + 0.0149], [0.5])).toHaveLength(0);
  });

  it('T4: with data, E = mean model output on the data; E + Σφ = margin output', async () => {
    const rng = createRng(11);
    const model: TreeEnsemble = {
      trees: Array.from({ length: 5 }, () => randomTree(rng, 4, 4)),
      baseOffset: -0.3,
      decisionType: '<',
    };
    const data = rows(rng, 40, 4);
    const X = rows(rng, 6, 4);
    const probe = new TreeExplainer(model);
    const meanOut = probe.predict(data).reduce((s, v) => s + v, 0) / data.length;
    const margins = probe.predict(X);
    for (const [fp, tol] of [
      ['tree_path_dependent', cases.T4.tolPathDependent],
      ['interventional', cases.T4.tolInterventional],
    ] as const) {
      const ex = new TreeExplainer(model, data, { featurePerturbation: fp });
      expect(Math.abs((ex.expectedValue as number) - meanOut)).toBeLessThan(tol);
      const e = await ex.explain(X);
      X.forEach((_, i) => {
        expect(Math.abs(e.outputValue(i) - margins[i]!)).toBeLessThan(cases.T4.tolAdditivity);
      });
    }
  });

  it('Saabas with background data adds up to f(x) − mean f(data) (empty nodes weigh 1e-6, as in shap)', async () => {
    const X = cases.T1.X as number[][];
    const ex = new TreeExplainer(and, X.slice(0, 2));
    expect(ex.expectedValue).toBe(0);
    const e = await ex.explain(X, { approximate: true });
    X.forEach((x, i) => {
      expect(Math.abs(e.outputValue(i) - (x[0]! > 0.5 && x[1]! > 0.5 ? 80 : 0))).toBeLessThan(1e-4);
    });
    // shap 0.51 (sklearn tree, same data) prints these
    const shap = [
      [0, -3.999996e-5],
      [-7.999992e-5, 3.999996e-5],
      [0, -3.999996e-5],
      [79.99992, 3.999996e-5],
    ];
    expect(maxAbsDiff((e.values as number[][]).flat(), shap.flat())).toBeLessThan(1e-9);
  });

  it('missing values follow childrenDefault (shap test_sklearn_tree_explainer_with_missing_values)', async () => {
    const c = cases.missing;
    const X = (c.X as (number | null)[][]).map((r) => r.map((v) => v ?? Number.NaN));
    // the fitted tree: x ≤ 50.5 → class-1 leaf (the row x = 1), NaN and 100 → class-0 leaf
    const tree: TreeArrays = {
      childrenLeft: [1, -1, -1],
      childrenRight: [2, -1, -1],
      childrenDefault: [2, -1, -1],
      feature: [0, -2, -2],
      threshold: [50.5, -2, -2],
      value: [0.2, 1, 0],
      nodeSampleWeight: [5, 1, 4],
    };
    for (const data of [undefined, X]) {
      const e = await new TreeExplainer({ trees: [tree] }, data).explain(X);
      expect(maxAbsDiff((e.values as number[][]).flat(), c.phi)).toBeLessThan(1e-12);
    }
  });
});

describe('TreeExplainer: properties on random trees', () => {
  it('path-dependent TreeSHAP equals brute-force Shapley of E[f | x_S] (repeated features, K = 2)', async () => {
    const rng = createRng(3);
    for (let trial = 0; trial < 12; trial++) {
      const M = 2 + rng.int(4);
      const K = trial % 3 === 0 ? 2 : 1;
      const model: TreeEnsemble = {
        trees: Array.from({ length: 3 }, () => randomTree(rng, M, 5, K)),
        baseOffset: K === 2 ? [1, -1] : 0.5,
      };
      const packed = compileEnsemble(model);
      const ex = new TreeExplainer(model);
      const X = rows(rng, 3, M);
      const e = await ex.explain(X);
      X.forEach((x, i) => {
        for (let k = 0; k < K; k++) {
          const bf = bruteForceShapley(M, (mask) =>
            packed.trees.reduce((s, t) => s + pathExpectation(t, x, mask, K, false)[k]!, 0),
          );
          expect(maxAbsDiff(e.rowValues(i, k), bf)).toBeLessThan(1e-9);
        }
      });
    }
  });

  it('interventional TreeSHAP equals brute-force Shapley(bg); Saabas is additive', async () => {
    const rng = createRng(5);
    for (let trial = 0; trial < 10; trial++) {
      const M = 2 + rng.int(4);
      const model: TreeEnsemble = { trees: Array.from({ length: 3 }, () => randomTree(rng, M, 5)) };
      const bg = rows(rng, 7, M);
      const ex = new TreeExplainer(model, bg);
      const X = rows(rng, 3, M);
      const e = await ex.explain(X);
      const sab = await new TreeExplainer(model).explain(X, { approximate: true });
      const out = ex.predict(X);
      X.forEach((x, i) => {
        const bf = bruteForceShapley(M, (mask) => {
          const mixed = bg.map((r) => r.map((v, j) => (mask[j] ? x[j]! : v)));
          return ex.predict(mixed).reduce((s, v) => s + v, 0) / bg.length;
        });
        expect(maxAbsDiff(e.rowValues(i), bf)).toBeLessThan(1e-9);
        expect(Math.abs(sab.outputValue(i) - out[i]!)).toBeLessThan(1e-9);
      });
    }
  });

  it('dummy feature gets zero; symmetric splits get equal credit', async () => {
    const t1 = cases.T1.tree as TreeArrays;
    const e = await new TreeExplainer({ trees: [t1] }).explain([[1, 1, 7]]);
    expect(e.rowValues(0)[2]).toBe(0);
    expect(e.value(0, 0)).toBeCloseTo(e.value(0, 1), 12);
  });
});

describe('TreeExplainer: bad input', () => {
  it('lists every problem of a malformed model with its field path', () => {
    const bad = {
      trees: [
        {
          childrenLeft: [1, -1, -1],
          childrenRight: [5, -1, -1],
          feature: [0, -2],
          threshold: [0.5, 0, 0],
          value: [1, 2, 3],
          nodeSampleWeight: [2, 1, -1],
        },
      ],
    } as unknown as TreeEnsemble;
    expect(() => new TreeExplainer(bad)).toThrow(/trees\[0\]\.feature: expected 3 entries/);
    expect(() => new TreeExplainer(bad)).toThrow(/childrenLeft\[0\]: children 1, 5/);
    expect(() => new TreeExplainer(bad)).toThrow(/nodeSampleWeight\[2\]: must be a number ≥ 0/);
    expect(() => new TreeExplainer({ trees: [] })).toThrow(/non-empty list of trees/);
  });

  it('rejects mismatched widths, missing data for interventional, and non-additive models', async () => {
    const and: TreeEnsemble = { trees: [cases.T1.tree] };
    await expect(new TreeExplainer(and).explain([[1]])).rejects.toThrow(/X has 1 features/);
    expect(() => new TreeExplainer(and, [[0, 0, 0]]).predict([[1, 1]])).toThrow(/X has 2 features/);
    expect(() => new TreeExplainer(and, undefined, { featurePerturbation: 'interventional' })).toThrow(
      /needs background data/,
    );
    // covers that do not add up make Saabas/TreeSHAP still additive, so break E via baseOffset length
    expect(() => new TreeExplainer({ ...and, baseOffset: [1, 2] })).toThrow(/baseOffset/);
    const ex = new TreeExplainer(and);
    expect(() => ex.assertAdditivity([[0, 0]], [21])).toThrow(/additivity check failed.*row 0, output 0/);
  });
});
