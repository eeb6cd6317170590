/**
 * Loaders from boosted-tree libraries' JSON into Kite's {@link TreeEnsemble}, raw (margin)
 * output as shap's TreeExplainer explains it:
 * - {@link fromXgboostJson}: XGBoost's model JSON (`booster.save_model("m.json")`, gbtree or
 *   dart): splits `x < split_condition` go left, `default_left` takes missing values, leaf values
 *   sit in `split_conditions`, covers are `sum_hessian`, `tree_info` gives the class of each tree;
 *   `base_score` is turned into a margin as the objective does (logit for logistic objectives,
 *   log for poisson/gamma/tweedie).
 * - {@link fromLightgbmJson}: LightGBM's `booster.dump_model()`: splits `x <= threshold`,
 *   covers are the data counts, tree i is class i mod `num_tree_per_iteration`, `average_output`
 *   (random-forest mode) divides by the number of iterations.
 * Categorical splits are refused (`UNSUPPORTED`), as are LightGBM's `missing_type: "Zero"` splits.
 */
import { type Issue, KiteError, throwIfErrors } from '../core/index.js';
import type { TreeArrays, TreeEnsemble } from './tree-model.js';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
const nums = (v: unknown): number[] => (Array.isArray(v) ? v.map((x) => Number(x)) : []);

/** Parses XGBoost's `base_score`: "5E-1", "[5E-1]" or "[2E-1,3E-1]" (one per target). */
function parseBaseScore(v: unknown): number[] {
  if (typeof v === 'number') return [v];
  return String(v ?? '0.5')
    .replace(/[[\]]/g, '')
    .split(',')
    .map((s) => Number.parseFloat(s));
}

/** The margin of a base score under an XGBoost objective. */
function xgbMargin(objective: string, p: number): number {
  if (/^(binary:logistic|reg:logistic|binary:logitraw)$/.test(objective)) return Math.log(p / (1 - p));
  if (/^(count:poisson|reg:gamma|reg:tweedie|survival:cox|survival:aft)$/.test(objective)) return Math.log(p);
  return p;
}

/** Puts a leaf value into class `k` of a K-vector (multi-class ensembles). */
function valueFor(v: number, k: number, K: number): number | number[] {
  if (K === 1) return v;
  const out = new Array<number>(K).fill(0);
  out[k] = v;
  return out;
}

/**
 * An XGBoost model JSON (parsed) as a {@link TreeEnsemble}.
 *
 * @example
 * ```ts
 * const model = fromXgboostJson(JSON.parse(readFileSync('model.json', 'utf8')));
 * const e = await new TreeExplainer(model).explain(rows);
 * ```
 */
export function fromXgboostJson(json: unknown): TreeEnsemble {
  const learner = obj(obj(json).learner);
  const booster = obj(learner.gradient_booster);
  const isDart = booster.name === 'dart';
  const model = obj(isDart ? obj(booster.gbtree).model : booster.model);
  const trees = model.trees;
  if (!Array.isArray(trees)) {
    throw new KiteError(
      'INVALID_DATA',
      'not an XGBoost model JSON: learner.gradient_booster.model.trees is missing',
      {
        hint: 'save the model with booster.save_model("model.json") (JSON, not UBJSON or a text dump)',
      },
    );
  }
  const params = obj(learner.learner_model_param);
  const objective = String(obj(learner.objective).name ?? 'reg:squarederror');
  const K = Math.max(1, Number(params.num_class ?? 0), Number(params.num_target ?? 1));
  const base = parseBaseScore(params.base_score).map((p) => xgbMargin(objective, p));
  const treeInfo = nums(model.tree_info);
  const weights = isDart ? nums(booster.weight_drop) : [];
  const issues: Issue[] = [];
  const out: TreeArrays[] = trees.map((raw, t) => {
    const tr = obj(raw);
    const at = `learner.gradient_booster.model.trees[${t}]`;
    const left = nums(tr.left_children);
    const right = nums(tr.right_children);
    const cond = nums(tr.split_conditions);
    const dflt = nums(tr.default_left);
    const types = nums(tr.split_type);
    const k = treeInfo[t] ?? 0;
    const w = weights[t] ?? 1;
    if (types.some((s, i) => s !== 0 && left[i] !== -1))
      issues.push({
        code: 'xgboost',
        path: `${at}.split_type`,
        message: 'categorical splits are not supported',
      });
    if (nums(tr.base_weights).length > left.length)
      issues.push({
        code: 'xgboost',
        path: at,
        message: 'vector-leaf (multi-target) trees are not supported',
      });
    return {
      childrenLeft: left,
      childrenRight: right,
      childrenDefault: left.map((l, i) => (l === -1 ? -1 : dflt[i] ? l : (right[i] as number))),
      feature: nums(tr.split_indices),
      threshold: cond,
      value: left.map((l, i) => valueFor(l === -1 ? (cond[i] as number) * w : 0, k, K)),
      nodeSampleWeight: nums(tr.sum_hessian),
    } as TreeArrays;
  });
  throwIfErrors('UNSUPPORTED', 'XGBoost model', issues);
  const featureNames = Array.isArray(learner.feature_names) && learner.feature_names.length > 0;
  return {
    trees: out,
    baseOffset: K === 1 ? (base[0] ?? 0) : Array.from({ length: K }, (_, k) => base[k] ?? base[0] ?? 0),
    decisionType: '<',
    inputFloat32: true,
    ...(featureNames ? { featureNames: learner.feature_names as string[] } : {}),
  };
}

/**
 * A LightGBM model dump (`booster.dump_model()`, parsed) as a {@link TreeEnsemble}.
 *
 * @example
 * ```ts
 * const model = fromLightgbmJson(JSON.parse(readFileSync('dump.json', 'utf8')));
 * ```
 */
export function fromLightgbmJson(json: unknown): TreeEnsemble {
  const dump = obj(json);
  const info = dump.tree_info;
  if (!Array.isArray(info)) {
    throw new KiteError('INVALID_DATA', 'not a LightGBM model dump: tree_info is missing', {
      hint: 'write json.dumps(booster.dump_model()) to a file',
    });
  }
  const K = Math.max(1, Number(dump.num_tree_per_iteration ?? dump.num_class ?? 1));
  const iterations = Math.max(1, Math.ceil(info.length / K));
  const scale = dump.average_output ? 1 / iterations : 1;
  const issues: Issue[] = [];
  const trees = info.map((rawTree, t) => {
    const tree: TreeArrays & Record<string, unknown[]> = {
      childrenLeft: [],
      childrenRight: [],
      childrenDefault: [],
      feature: [],
      threshold: [],
      value: [],
      nodeSampleWeight: [],
    };
    const push = (node: Json, path: string): number => {
      const i = tree.childrenLeft.length;
      const isLeaf = !('split_feature' in node);
      (tree.childrenLeft as number[]).push(-1);
      (tree.childrenRight as number[]).push(-1);
      (tree.childrenDefault as number[]).push(-1);
      (tree.feature as number[]).push(isLeaf ? -2 : Number(node.split_feature));
      (tree.threshold as number[]).push(isLeaf ? -2 : Number(node.threshold));
      (tree.value as (number | number[])[]).push(
        valueFor(isLeaf ? Number(node.leaf_value ?? 0) * scale : 0, t % K, K),
      );
      (tree.nodeSampleWeight as number[]).push(Number((isLeaf ? node.leaf_count : node.internal_count) ?? 0));
      if (isLeaf) return i;
      const decision = String(node.decision_type ?? '<=');
      const missing = String(node.missing_type ?? 'None');
      if (decision !== '<=')
        issues.push({
          code: 'lightgbm',
          path,
          message: `decision_type "${decision}" (categorical) is not supported`,
        });
      if (missing === 'Zero')
        issues.push({
          code: 'lightgbm',
          path,
          message: 'missing_type "Zero" (zero_as_missing) is not supported',
        });
      const l = push(obj(node.left_child), `${path}.left_child`);
      const r = push(obj(node.right_child), `${path}.right_child`);
      (tree.childrenLeft as number[])[i] = l;
      (tree.childrenRight as number[])[i] = r;
      // missing_type None: LightGBM reads NaN as 0; NaN: the default direction
      const nanLeft = missing === 'NaN' ? Boolean(node.default_left) : 0 <= Number(node.threshold);
      (tree.childrenDefault as number[])[i] = nanLeft ? l : r;
      return i;
    };
    const root = obj(obj(rawTree).tree_structure);
    push(root, `tree_info[${t}].tree_structure`);
    // a one-leaf tree has no count; give it cover 1 so its value counts in E[f]
    if (tree.childrenLeft.length === 1 && !(Number(tree.nodeSampleWeight[0]) > 0))
      tree.nodeSampleWeight = [1];
    return tree as TreeArrays;
  });
  throwIfErrors('UNSUPPORTED', 'LightGBM model', issues);
  const names = dump.feature_names;
  return {
    trees,
    baseOffset: K === 1 ? 0 : new Array<number>(K).fill(0),
    decisionType: '<=',
    ...(Array.isArray(names) && names.length > 0 ? { featureNames: names as string[] } : {}),
  };
}
