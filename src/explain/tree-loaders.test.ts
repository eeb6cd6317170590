import { describe, expect, it } from 'vitest';
import { TreeExplainer } from './tree.js';
import { fromLightgbmJson, fromXgboostJson } from './tree-loaders.js';

/** A hand-written XGBoost model JSON (the save_model layout) with two trees for 2 classes. */
function xgbModel(objective: string, baseScore: string, numClass = '0') {
  const tree = (id: number, leaves: [number, number, number], splitType = [0, 0, 0]) => ({
    id,
    left_children: [1, -1, -1],
    right_children: [2, -1, -1],
    split_indices: [1, 0, 0],
    split_conditions: [0.5, ...leaves.slice(0, 2)],
    split_type: splitType,
    default_left: [1, 0, 0],
    base_weights: [0, 0, 0],
    sum_hessian: [10, 4, 6],
    parents: [2147483647, 0, 0],
  });
  return {
    learner: {
      feature_names: ['a', 'b'],
      learner_model_param: { base_score: baseScore, num_class: numClass, num_feature: '2' },
      objective: { name: objective },
      gradient_booster: {
        name: 'gbtree',
        model: {
          tree_info: numClass === '0' ? [0, 0] : [0, 1],
          trees: [tree(0, [1, -2, 0]), tree(1, [0.5, 0.25, 0])],
        },
      },
    },
  };
}

describe('fromXgboostJson', () => {
  it('reads splits (x < thr goes left, default_left for NaN), leaf values and covers; logit base margin', async () => {
    const model = fromXgboostJson(xgbModel('binary:logistic', '[2E-1]'));
    expect(model.featureNames).toEqual(['a', 'b']);
    expect(model.baseOffset).toBeCloseTo(Math.log(0.2 / 0.8), 12);
    const ex = new TreeExplainer(model);
    const out = Array.from(
      ex.predict([
        [0, 0.4],
        [0, 0.5],
        [0, Number.NaN],
      ]),
    );
    const b = Math.log(0.25);
    // 0.5 is not < 0.5: right; NaN: default left
    expect(out).toEqual([b + 1.5, b - 1.75, b + 1.5].map((v) => expect.closeTo(v, 12)));
    // E = base + Σ leaf·cover/root cover
    expect(ex.expectedValue).toBeCloseTo(b + (4 * 1 + 6 * -2) / 10 + (4 * 0.5 + 6 * 0.25) / 10, 12);
    const e = await ex.explain([[0, 0.4]]);
    expect(e.outputValue(0)).toBeCloseTo(b + 1.5, 12);
    expect(e.value(0, 0)).toBe(0);
  });

  it('multi-class models put each tree in its class; other objectives keep or log the base score', () => {
    const multi = new TreeExplainer(fromXgboostJson(xgbModel('multi:softprob', '5E-1', '2')));
    expect(Array.from(multi.predict([[0, 0]]))).toEqual([0.5 + 1, 0.5 + 0.5]);
    expect(fromXgboostJson(xgbModel('reg:squarederror', '3E0')).baseOffset).toBe(3);
    expect(fromXgboostJson(xgbModel('count:poisson', '2E0')).baseOffset).toBeCloseTo(Math.log(2), 12);
  });

  it('refuses non-XGBoost input and categorical splits with the place', () => {
    expect(() => fromXgboostJson({ nodes: [] })).toThrow(/not an XGBoost model JSON/);
    const cat = xgbModel('reg:squarederror', '0');
    cat.learner.gradient_booster.model.trees[1]!.split_type = [1, 0, 0];
    expect(() => fromXgboostJson(cat)).toThrow(
      /trees\[1\]\.split_type: categorical splits are not supported/,
    );
  });
});

describe('fromLightgbmJson', () => {
  const leaf = (v: number, n: number) => ({ leaf_index: 0, leaf_value: v, leaf_count: n });
  const dump = (missing: string, decision = '<=') => ({
    name: 'tree',
    num_class: 1,
    num_tree_per_iteration: 1,
    feature_names: ['x', 'y'],
    tree_info: [
      {
        tree_index: 0,
        tree_structure: {
          split_index: 0,
          split_feature: 1,
          threshold: -1,
          decision_type: decision,
          default_left: true,
          missing_type: missing,
          internal_count: 10,
          left_child: leaf(2, 3),
          right_child: leaf(-1, 7),
        },
      },
      { tree_index: 1, tree_structure: { leaf_value: 0.5 } },
    ],
  });

  it('x ≤ thr goes left; NaN follows default_left (missing NaN) or reads as 0 (missing None)', () => {
    const nanModel = new TreeExplainer(fromLightgbmJson(dump('NaN')));
    expect(
      Array.from(
        nanModel.predict([
          [0, -1],
          [0, Number.NaN],
          [0, 3],
        ]),
      ),
    ).toEqual([2.5, 2.5, -0.5]);
    const noneModel = new TreeExplainer(fromLightgbmJson(dump('None')));
    expect(Array.from(noneModel.predict([[0, Number.NaN]]))).toEqual([-0.5]);
    // a one-leaf tree adds its value to E
    expect(nanModel.expectedValue).toBeCloseTo((3 * 2 + 7 * -1) / 10 + 0.5, 12);
  });

  it('refuses categorical splits and zero-as-missing, and non-dumps', () => {
    expect(() => fromLightgbmJson(dump('None', '=='))).toThrow(/decision_type "==" \(categorical\)/);
    expect(() => fromLightgbmJson(dump('Zero'))).toThrow(
      /tree_info\[0\]\.tree_structure: missing_type "Zero"/,
    );
    expect(() => fromLightgbmJson({})).toThrow(/not a LightGBM model dump/);
  });
});
