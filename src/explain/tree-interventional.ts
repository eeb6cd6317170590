/**
 * Interventional TreeSHAP (shap's `feature_perturbation="interventional"`, Lundberg et al. 2020
 * "From local explanations to global understanding", the `tree_shap_indep` algorithm): exact
 * Shapley values of v(S) = f(x_S, r_{¬S}) for one background row r, averaged over the
 * background.
 *
 * For one reference, walk the tree with x and r together. Where they split apart on a feature
 * not met yet, branch both ways: the x side puts the feature in A ("must come from x"), the r
 * side in B ("must come from r"); a feature met again must go the way it went before. A leaf
 * reached with sets (A, B) adds value·1[A ⊆ S, B ∩ S = ∅] to v(S), whose Shapley values are
 * (|A|−1)!|B|!/(|A|+|B|)! for each i ∈ A and −|A|!(|B|−1)!/(|A|+|B|)! for each j ∈ B.
 * Cost O(L·D) per tree, row and reference.
 */
import type { DenseMatrix } from './matrix.js';
import { nextNode, type PackedTree } from './tree-model.js';

/** Factorials 0..170 (171! overflows a double; paths are far shorter). */
const FACT = (() => {
  const f = new Float64Array(171);
  f[0] = 1;
  for (let i = 1; i < f.length; i++) f[i] = (f[i - 1] as number) * i;
  return f;
})();

/**
 * Adds the interventional Shapley values of one tree for `x`, averaged over the reference rows
 * of `refs` (row-major, `cols` values each), to `phi` (M × K, row-major). `state` is scratch of
 * length M, all zero on entry and exit.
 */
export function treeShapInterventional(
  t: PackedTree,
  x: ArrayLike<number>,
  refs: DenseMatrix,
  K: number,
  strict: boolean,
  phi: Float64Array,
  state: Int8Array,
): void {
  const fact = FACT;
  const scale = 1 / refs.rows;
  const inA: number[] = [];
  const inB: number[] = [];
  let r: ArrayLike<number> = x;
  const visit = (i: number): void => {
    const left = t.left[i] as number;
    if (left === -1) {
      const a = inA.length;
      const b = inB.length;
      if (a + b === 0) return;
      const total = fact[a + b] as number;
      const wa = a > 0 ? (((fact[a - 1] as number) * (fact[b] as number)) / total) * scale : 0;
      const wb = b > 0 ? (((fact[a] as number) * (fact[b - 1] as number)) / total) * scale : 0;
      for (let k = 0; k < K; k++) {
        const v = t.value[i * K + k] as number;
        for (const f of inA) phi[f * K + k] = (phi[f * K + k] as number) + wa * v;
        for (const f of inB) phi[f * K + k] = (phi[f * K + k] as number) - wb * v;
      }
      return;
    }
    const xs = nextNode(t, i, x, strict);
    const rs = nextNode(t, i, r, strict);
    const f = t.feature[i] as number;
    const s = state[f] as number;
    // same way for both, or a feature already assigned to A (x) or B (r): one branch only
    if (xs === rs || s !== 0) {
      visit(xs === rs || s === 1 ? xs : rs);
      return;
    }
    state[f] = 1;
    inA.push(f);
    visit(xs);
    inA.pop();
    state[f] = -1;
    inB.push(f);
    visit(rs);
    inB.pop();
    state[f] = 0;
  };
  for (let row = 0; row < refs.rows; row++) {
    r = refs.data.subarray(row * refs.cols, (row + 1) * refs.cols);
    visit(0);
  }
}
