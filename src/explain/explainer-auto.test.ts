import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { maxAbsDiff } from './brute-force.js';
import { DeepExplainer } from './deep.js';
import { Explainer } from './explainer.js';
import { IndependentMasker } from './maskers/tabular.js';
import type { TreeExplainer } from './tree.js';
import type { TreeEnsemble } from './tree-model.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// the AND tree of the TreeSHAP paper (case T1)
const and: TreeEnsemble = {
  trees: [
    {
      childrenLeft: [1, -1, 3, -1, -1],
      childrenRight: [2, -1, 4, -1, -1],
      feature: [1, -2, 0, -2, -2],
      threshold: [0.5, -2, 0.5, -2, -2],
      value: [20, 0, 40, 0, 80],
      nodeSampleWeight: [4, 2, 2, 1, 1],
    },
  ],
};
const X = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];

describe('Explainer: tree and deep models', () => {
  it('picks TreeExplainer for tree ensembles: path-dependent without data, interventional with', async () => {
    const plain = new Explainer(and);
    expect(plain.algorithm).toBe('tree');
    expect((plain.inner as TreeExplainer).featurePerturbation).toBe('tree_path_dependent');
    const e = await plain.explain(X);
    expect(e.values).toEqual([
      [-10, -10],
      [-30, 10],
      [10, -30],
      [30, 30],
    ]);
    const withData = new Explainer(and, X, { featureNames: ['a', 'b'] });
    expect((withData.inner as TreeExplainer).featurePerturbation).toBe('interventional');
    expect((await withData.explain(X)).featureNames()).toEqual(['a', 'b']);
    const fromMasker = new Explainer(and, new IndependentMasker(X));
    expect((fromMasker.inner as TreeExplainer).expectedValue).toBe(20);
    expect(fromMasker.evaluations).toBe(0);
    expect(() => new Explainer(and, X, { algorithm: 'exact' })).toThrow(/explained with algorithm 'tree'/);
    expect(() => new Explainer((b: number[][]) => b.map(() => 0), X, { algorithm: 'tree' })).toThrow(
      /needs a tree ensemble/,
    );
  });

  it('a TF.js model: deep only when asked, else a callable model (exact for ≤ 10 features)', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.dense({
          units: 1,
          inputShape: [3],
          activation: 'relu',
          kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }),
        }),
      ],
    });
    const bg = [
      [0, 0, 0],
      [1, -1, 0.5],
    ];
    const x = [[2, 1, -1]];
    const deep = new Explainer(model, bg, { algorithm: 'deep' });
    expect(deep.algorithm).toBe('deep');
    expect(deep.inner).toBeInstanceOf(DeepExplainer);
    const d = await deep.explain(x);
    const callable = new Explainer(model, bg);
    expect(callable.algorithm).toBe('exact');
    const c = await callable.explain(x);
    expect(callable.evaluations).toBeGreaterThan(0);
    // both are additive: they agree on E + Σφ = f(x)
    expect(Math.abs(d.outputValue(0) - c.outputValue(0))).toBeLessThan(1e-5);
    expect(maxAbsDiff([d.baseValue(0)], [c.baseValue(0)])).toBeLessThan(1e-5);
    expect(() => new Explainer(model, undefined, { algorithm: 'deep' })).toThrow(/needs background data/);
  });
});
