/**
 * Tree ensembles in sklearn's array layout (one node per index: `childrenLeft`/`childrenRight`
 * (−1 at leaves), `feature`, `threshold`, `value`, `nodeSampleWeight` = the cover), a list of
 * trees plus a base offset. {@link compileEnsemble} checks a user's model (every problem listed
 * with its field path) and packs it into typed arrays; {@link predictEnsemble} gives the raw
 * (margin) output; {@link coversFromData} re-derives covers from a dataset, as shap's
 * `tree_update_weights` does when data is passed with the path-dependent algorithm.
 */
import { type Issue, throwIfErrors } from '../core/index.js';
import type { DenseMatrix } from './matrix.js';

/** One tree, as sklearn's `tree_` arrays (node 0 is the root). */
export interface TreeArrays {
  /** Left child of each node; −1 at a leaf. */
  childrenLeft: readonly number[];
  /** Right child of each node; −1 at a leaf. */
  childrenRight: readonly number[];
  /** Where a missing value (NaN) goes; default: the left child. */
  childrenDefault?: readonly number[];
  /** Split feature of each node (ignored at leaves). */
  feature: readonly number[];
  /** Split threshold of each node (ignored at leaves). */
  threshold: readonly number[];
  /** Node values: one number per node, or K numbers per node for K outputs (leaves matter). */
  value: readonly number[] | readonly (readonly number[])[];
  /** Training weight (cover) reaching each node. */
  nodeSampleWeight: readonly number[];
}

/** A tree ensemble whose raw output is `baseOffset + Σ_t tree_t(x)` (a margin for boosted models). */
export interface TreeEnsemble {
  trees: readonly TreeArrays[];
  /** Added to the sum of the trees (xgboost's base_score margin, a GBM's init value). */
  baseOffset?: number | readonly number[];
  /** How a split sends x left: `'<='` (sklearn, default) or `'<'` (xgboost, LightGBM). */
  decisionType?: '<=' | '<';
  /** Round inputs to float32 before comparing (sklearn and XGBoost do; shap follows). */
  inputFloat32?: boolean;
  featureNames?: readonly string[];
  outputNames?: readonly string[];
}

/** A checked, packed tree. */
export interface PackedTree {
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly missing: Int32Array;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  /** nodes × K, row-major. */
  readonly value: Float64Array;
  readonly cover: Float64Array;
  readonly maxDepth: number;
}

/** A checked, packed ensemble. */
export interface PackedEnsemble {
  readonly trees: PackedTree[];
  readonly base: Float64Array;
  /** Number of outputs K. */
  readonly outputs: number;
  /** Largest feature index used plus one. */
  readonly minFeatures: number;
  readonly strict: boolean;
  readonly multi: boolean;
  readonly float32: boolean;
}

/** True when `value` looks like a {@link TreeEnsemble}. */
export function isTreeEnsemble(value: unknown): value is TreeEnsemble {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as TreeEnsemble).trees) &&
    (value as TreeEnsemble).trees.every((t) => typeof t === 'object' && t !== null && 'childrenLeft' in t)
  );
}

/** Checks a {@link TreeEnsemble} and packs it; throws `INVALID_ARGUMENT` listing every problem. */
export function compileEnsemble(model: TreeEnsemble): PackedEnsemble {
  const issues: Issue[] = [];
  const bad = (path: string, message: string) => issues.push({ code: 'tree-model', path, message });
  if (!isTreeEnsemble(model) || model.trees.length === 0) {
    bad('trees', 'expected a non-empty list of trees with childrenLeft/childrenRight/... arrays');
    throwIfErrors('INVALID_ARGUMENT', 'invalid tree model', issues);
  }
  const firstValue = model.trees[0]?.value[0];
  const K = Array.isArray(firstValue) ? firstValue.length : 1;
  const multi = Array.isArray(firstValue);
  const base = new Float64Array(K);
  const off = model.baseOffset ?? 0;
  if (typeof off === 'number') base.fill(off);
  else if (Array.isArray(off) && off.length === K) base.set(off);
  else bad('baseOffset', `expected a number or ${K} numbers (one per output)`);
  let minFeatures = 0;
  const trees = model.trees.map((t, ti) => {
    const at = `trees[${ti}]`;
    const n = t.childrenLeft?.length ?? 0;
    for (const key of ['childrenRight', 'feature', 'threshold', 'value', 'nodeSampleWeight'] as const) {
      if (!Array.isArray(t[key]) || t[key].length !== n)
        bad(`${at}.${key}`, `expected ${n} entries (one per node, like childrenLeft)`);
    }
    if (t.childrenDefault && t.childrenDefault.length !== n)
      bad(`${at}.childrenDefault`, `expected ${n} entries`);
    const p: PackedTree = {
      left: Int32Array.from(t.childrenLeft ?? []),
      right: Int32Array.from(t.childrenRight ?? []),
      missing: Int32Array.from(t.childrenDefault ?? t.childrenLeft ?? []),
      feature: Int32Array.from(t.feature ?? [], (f) => (Number.isInteger(f) ? f : -1)),
      threshold: Float64Array.from(t.threshold ?? []),
      value: new Float64Array(n * K),
      cover: Float64Array.from(t.nodeSampleWeight ?? []),
      maxDepth: 0,
    };
    (t.value ?? []).forEach((v, i) => {
      if (multi && Array.isArray(v) && v.length === K) p.value.set(v, i * K);
      else if (!multi && typeof v === 'number') p.value[i] = v;
      else bad(`${at}.value[${i}]`, multi ? `expected ${K} numbers like value[0]` : 'expected a number');
    });
    if (n === 0) bad(`${at}.childrenLeft`, 'a tree needs at least one node');
    const depth = checkStructure(p, n, (path, msg) => bad(`${at}.${path}`, msg));
    for (let i = 0; i < n; i++) {
      if (p.left[i] !== -1) minFeatures = Math.max(minFeatures, (p.feature[i] as number) + 1);
      if (!((p.cover[i] as number) >= 0)) bad(`${at}.nodeSampleWeight[${i}]`, 'must be a number ≥ 0');
    }
    return { ...p, maxDepth: depth };
  });
  throwIfErrors('INVALID_ARGUMENT', 'invalid tree model', issues);
  return {
    trees,
    base,
    outputs: K,
    minFeatures,
    strict: model.decisionType === '<',
    multi,
    float32: model.inputFloat32 === true,
  };
}

/** Checks children and features; returns the depth (edges on the longest root-leaf path). */
function checkStructure(p: PackedTree, n: number, bad: (path: string, msg: string) => void): number {
  const seen = new Uint8Array(n);
  let maxDepth = 0;
  const stack: [number, number][] = n > 0 ? [[0, 0]] : [];
  while (stack.length > 0) {
    const [i, d] = stack.pop() as [number, number];
    if (seen[i]) {
      bad(`childrenLeft`, `node ${i} is reached twice (the arrays must form a tree)`);
      return maxDepth;
    }
    seen[i] = 1;
    maxDepth = Math.max(maxDepth, d);
    const l = p.left[i] as number;
    const r = p.right[i] as number;
    if (l === -1 && r === -1) continue;
    if (!(l > 0 && l < n && r > 0 && r < n)) {
      bad(`childrenLeft[${i}]`, `children ${l}, ${r} must both be −1 (leaf) or node indices in 1..${n - 1}`);
      continue;
    }
    const m = p.missing[i] as number;
    if (m !== l && m !== r) bad(`childrenDefault[${i}]`, `must be the left (${l}) or right (${r}) child`);
    if (!((p.feature[i] as number) >= 0)) bad(`feature[${i}]`, 'a split needs a feature index ≥ 0');
    if (Number.isNaN(p.threshold[i] as number)) bad(`threshold[${i}]`, 'a split needs a threshold');
    stack.push([l, d + 1], [r, d + 1]);
  }
  return maxDepth;
}

/** The child that row `x` goes to at internal node `i`. */
export function nextNode(t: PackedTree, i: number, x: ArrayLike<number>, strict: boolean): number {
  const v = x[t.feature[i] as number] as number;
  if (Number.isNaN(v)) return t.missing[i] as number;
  const thr = t.threshold[i] as number;
  return (strict ? v < thr : v <= thr) ? (t.left[i] as number) : (t.right[i] as number);
}

/** The leaf that `x` lands in. */
export function leafOf(t: PackedTree, x: ArrayLike<number>, strict: boolean): number {
  let i = 0;
  while ((t.left[i] as number) !== -1) i = nextNode(t, i, x, strict);
  return i;
}

/** Raw outputs (n × K) of the ensemble. */
export function predictEnsemble(e: PackedEnsemble, X: DenseMatrix): Float64Array {
  const K = e.outputs;
  const out = new Float64Array(X.rows * K);
  for (let r = 0; r < X.rows; r++) {
    const x = X.data.subarray(r * X.cols, (r + 1) * X.cols);
    for (let k = 0; k < K; k++) out[r * K + k] = e.base[k] as number;
    for (const t of e.trees) {
      const leaf = leafOf(t, x, e.strict);
      for (let k = 0; k < K; k++)
        out[r * K + k] = (out[r * K + k] as number) + (t.value[leaf * K + k] as number);
    }
  }
  return out;
}

/**
 * Cover given to nodes no data row reaches, as shap does since its fix of issue #3574: a zero
 * cover would make path-dependent TreeSHAP divide 0 by 0 on paths through that node.
 */
export const EMPTY_NODE_COVER = 1e-6;

/**
 * The ensemble with every node's cover replaced by the number of `data` rows reaching it (nodes
 * no row reaches get {@link EMPTY_NODE_COVER}, as in shap).
 */
export function coversFromData(e: PackedEnsemble, data: DenseMatrix): PackedEnsemble {
  const trees = e.trees.map((t) => {
    const cover = new Float64Array(t.cover.length);
    for (let r = 0; r < data.rows; r++) {
      const x = data.data.subarray(r * data.cols, (r + 1) * data.cols);
      let i = 0;
      cover[0] = (cover[0] as number) + 1;
      while ((t.left[i] as number) !== -1) {
        i = nextNode(t, i, x, e.strict);
        cover[i] = (cover[i] as number) + 1;
      }
    }
    for (let i = 0; i < cover.length; i++) if (cover[i] === 0) cover[i] = EMPTY_NODE_COVER;
    return { ...t, cover };
  });
  return { ...e, trees };
}

/** Cover-weighted mean of the leaf values below each node (nodes × K); the root's is E[f]. */
export function nodeExpectations(t: PackedTree, K: number): Float64Array {
  const E = new Float64Array(t.value.length);
  const visit = (i: number): void => {
    const l = t.left[i] as number;
    if (l === -1) {
      E.set(t.value.subarray(i * K, (i + 1) * K), i * K);
      return;
    }
    const r = t.right[i] as number;
    visit(l);
    visit(r);
    const cl = t.cover[l] as number;
    const cr = t.cover[r] as number;
    const c = cl + cr;
    for (let k = 0; k < K; k++) {
      const el = E[l * K + k] as number;
      const er = E[r * K + k] as number;
      E[i * K + k] = c > 0 ? (cl * el + cr * er) / c : (el + er) / 2;
    }
  };
  visit(0);
  return E;
}
