/**
 * TreeExplainer against the Python shap library on real scikit-learn and LightGBM models
 * (fixtures/tree-reference.json, made by bench/explain/make-tree-fixtures.py).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { maxAbsDiff } from './brute-force.js';
import { TreeExplainer } from './tree.js';
import { fromLightgbmJson } from './tree-loaders.js';
import type { TreeEnsemble } from './tree-model.js';

const ref = JSON.parse(readFileSync(new URL('./fixtures/tree-reference.json', import.meta.url), 'utf8'));
const nan = (rows: (number | null)[][]) => rows.map((r) => r.map((v) => v ?? Number.NaN));
const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);
// sklearn compares float32 inputs with its thresholds; shap casts X the same way
const sklearn = (m: TreeEnsemble): TreeEnsemble => ({ ...m, inputFloat32: true });
const TOL = 1e-9;

describe('TreeExplainer vs shap (real models)', () => {
  it('the AND tree as sklearn fits it: path-dependent and Saabas values', async () => {
    const c = ref.and;
    const ex = new TreeExplainer(sklearn(c.model));
    expect(ex.expectedValue).toBeCloseTo(c.pathDependent.expected[0], 12);
    expect(maxAbsDiff(flat((await ex.explain(c.X)).values), flat(c.pathDependent.values))).toBeLessThan(TOL);
    const s = await ex.explain(c.X, { approximate: true });
    expect(maxAbsDiff(flat(s.values), flat(c.saabas.values))).toBeLessThan(TOL);
  });

  it('a random forest (5 trees, depth 4): predictions, path-dependent, interventional, Saabas', async () => {
    const c = ref.forest;
    const model = sklearn(c.model);
    const ex = new TreeExplainer(model);
    expect(maxAbsDiff(ex.predict(ref.X), c.predict)).toBeLessThan(TOL);
    expect(Math.abs((ex.expectedValue as number) - flat(c.pathDependent.expected)[0]!)).toBeLessThan(TOL);
    expect(maxAbsDiff(flat((await ex.explain(ref.X)).values), flat(c.pathDependent.values))).toBeLessThan(
      TOL,
    );
    const sab = await ex.explain(ref.X, { approximate: true });
    expect(maxAbsDiff(flat(sab.values), flat(c.saabas.values))).toBeLessThan(TOL);
    const iv = new TreeExplainer(model, ref.background);
    // shap's interventional E is computed in float32 (T4 allows 1e-4)
    expect(Math.abs((iv.expectedValue as number) - flat(c.interventional.expected)[0]!)).toBeLessThan(1e-7);
    // shap's interventional values carry float32 rounding (~1e-8); ours are exact (brute-force tested)
    expect(maxAbsDiff(flat((await iv.explain(ref.X)).values), flat(c.interventional.values))).toBeLessThan(
      1e-7,
    );
    // with data, path-dependent recounts the covers from it (T4); Saabas uses the same covers
    const pd = new TreeExplainer(model, ref.background, { featurePerturbation: 'tree_path_dependent' });
    expect(Math.abs((pd.expectedValue as number) - flat(c.pathDependentWithData.expected)[0]!)).toBeLessThan(
      1e-7,
    );
    const pdValues = flat((await pd.explain(ref.X)).values);
    expect(maxAbsDiff(pdValues, flat(c.pathDependentWithData.values))).toBeLessThan(TOL);
    const sabData = flat((await iv.explain(ref.X, { approximate: true })).values);
    expect(maxAbsDiff(sabData, flat(c.saabasWithData.values))).toBeLessThan(TOL);
  });

  it('LightGBM regression with missing values (dump_model JSON)', async () => {
    const c = ref.lightgbm;
    const model = fromLightgbmJson(c.dump);
    const X = nan(c.X);
    const ex = new TreeExplainer(model);
    expect((await ex.explain(X.slice(0, 1))).featureNames()).toEqual(c.dump.feature_names);
    expect(maxAbsDiff(ex.predict(X), c.predictRaw)).toBeLessThan(1e-9);
    expect(Math.abs((ex.expectedValue as number) - flat(c.pathDependent.expected)[0]!)).toBeLessThan(1e-9);
    expect(maxAbsDiff(flat((await ex.explain(X)).values), flat(c.pathDependent.values))).toBeLessThan(1e-9);
    const iv = new TreeExplainer(model, nan(c.background));
    expect(Math.abs((iv.expectedValue as number) - flat(c.interventional.expected)[0]!)).toBeLessThan(1e-7);
    expect(maxAbsDiff(flat((await iv.explain(X)).values), flat(c.interventional.values))).toBeLessThan(1e-7);
  });

  it('LightGBM multiclass: one tree per class and iteration, values (n, M, K)', async () => {
    const c = ref.lightgbmMulticlass;
    const ex = new TreeExplainer(fromLightgbmJson(c.dump));
    expect(maxAbsDiff(ex.predict(ref.X), flat(c.predictRaw))).toBeLessThan(1e-9);
    expect(maxAbsDiff(ex.expectedValue as number[], c.pathDependent.expected)).toBeLessThan(1e-9);
    const e = await ex.explain(ref.X);
    expect(e.multiOutput).toBe(true);
    expect(maxAbsDiff(flat(e.values), flat(c.pathDependent.values))).toBeLessThan(1e-9);
  });
});
