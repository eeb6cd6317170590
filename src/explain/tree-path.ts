/**
 * Path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, "Consistent individualized feature
 * attribution for tree ensembles", Algorithm 2) and Saabas attributions.
 *
 * TreeSHAP walks every root-to-leaf path once, keeping the "unique path" of split features met
 * so far: for each, the fraction of zero (cover-weighted, feature missing) and one (x follows
 * the path, feature present) paths, and the permutation weights of every subset size. EXTEND
 * adds a feature, UNWIND removes one (a feature split twice is merged), and at each leaf the
 * unwound weights give each feature's share of the leaf value. Cost O(L·D²) per tree and row.
 * The values are the exact Shapley values of the game v(S) = E[f(x) | x_S] where the
 * expectation follows the node covers (the paper's Algorithm 1).
 */
import { nextNode, type PackedTree } from './tree-model.js';

/**
 * The unique paths of every recursion level in one buffer (as shap's C code keeps them): level
 * `l` owns elements `[l·cap, (l+1)·cap)`; each element holds a feature index, its zero and one
 * fractions, and a permutation weight.
 */
interface PathBuffer {
  d: Int32Array;
  z: Float64Array;
  o: Float64Array;
  w: Float64Array;
}

function newBuffer(cap: number): PathBuffer {
  const n = cap * cap;
  return { d: new Int32Array(n), z: new Float64Array(n), o: new Float64Array(n), w: new Float64Array(n) };
}

/** Adds a feature to the path of `len` elements at offset `at` (in place). */
function extend(p: PathBuffer, at: number, len: number, pz: number, po: number, feature: number): void {
  const l = len;
  p.d[at + l] = feature;
  p.z[at + l] = pz;
  p.o[at + l] = po;
  p.w[at + l] = l === 0 ? 1 : 0;
  for (let i = l - 1; i >= 0; i--) {
    p.w[at + i + 1] = (p.w[at + i + 1] as number) + (po * (p.w[at + i] as number) * (i + 1)) / (l + 1);
    p.w[at + i] = (pz * (p.w[at + i] as number) * (l - i)) / (l + 1);
  }
}

/** Removes element `i` of the path of `len` elements at `at`, undoing its extension (in place). */
function unwind(p: PathBuffer, at: number, len: number, i: number): void {
  const l = len - 1;
  const o = p.o[at + i] as number;
  const z = p.z[at + i] as number;
  let n = p.w[at + l] as number;
  for (let j = l - 1; j >= 0; j--) {
    if (o !== 0) {
      const t = p.w[at + j] as number;
      p.w[at + j] = (n * (l + 1)) / ((j + 1) * o);
      n = t - ((p.w[at + j] as number) * z * (l - j)) / (l + 1);
    } else {
      p.w[at + j] = ((p.w[at + j] as number) * (l + 1)) / (z * (l - j));
    }
  }
  for (let j = i; j < l; j++) {
    p.d[at + j] = p.d[at + j + 1] as number;
    p.z[at + j] = p.z[at + j + 1] as number;
    p.o[at + j] = p.o[at + j + 1] as number;
  }
}

/** Σ of the weights `unwind(p, at, len, i)` would leave, without changing the path. */
function unwoundSum(p: PathBuffer, at: number, len: number, i: number): number {
  const l = len - 1;
  const o = p.o[at + i] as number;
  const z = p.z[at + i] as number;
  let total = 0;
  if (o !== 0) {
    let n = p.w[at + l] as number;
    for (let j = l - 1; j >= 0; j--) {
      const t = (n * (l + 1)) / ((j + 1) * o);
      total += t;
      n = (p.w[at + j] as number) - (t * z * (l - j)) / (l + 1);
    }
  } else {
    for (let j = l - 1; j >= 0; j--) total += ((p.w[at + j] as number) * (l + 1)) / (z * (l - j));
  }
  return total;
}

/**
 * Adds the path-dependent TreeSHAP values of one tree at `x` to `phi` (M × K, row-major).
 */
export function treeShapPath(
  t: PackedTree,
  x: ArrayLike<number>,
  K: number,
  strict: boolean,
  phi: Float64Array,
): void {
  const cap = t.maxDepth + 2;
  const p = newBuffer(cap);
  // level `lvl` copies its parent's path (len elements) and extends it
  const recurse = (j: number, lvl: number, len: number, pz: number, po: number, pi: number): void => {
    // a branch no path weight reaches (zero cover, not on x's path) contributes nothing
    if (pz === 0 && po === 0) return;
    const at = lvl * cap;
    if (lvl > 0) {
      // element-wise: paths are short, so this beats copyWithin's call overhead
      for (let e = 0, from = at - cap; e < len; e++) {
        p.d[at + e] = p.d[from + e] as number;
        p.z[at + e] = p.z[from + e] as number;
        p.o[at + e] = p.o[from + e] as number;
        p.w[at + e] = p.w[from + e] as number;
      }
    }
    extend(p, at, len, pz, po, pi);
    let n = len + 1;
    const left = t.left[j] as number;
    if (left === -1) {
      for (let i = 1; i < n; i++) {
        const scale = (p.o[at + i] as number) - (p.z[at + i] as number);
        if (scale === 0) continue;
        const w = unwoundSum(p, at, n, i) * scale;
        const f = p.d[at + i] as number;
        for (let k = 0; k < K; k++)
          phi[f * K + k] = (phi[f * K + k] as number) + w * (t.value[j * K + k] as number);
      }
      return;
    }
    const hot = nextNode(t, j, x, strict);
    const cold = hot === left ? (t.right[j] as number) : left;
    const rj = t.cover[j] as number;
    const feature = t.feature[j] as number;
    let iz = 1;
    let io = 1;
    let k = 1;
    while (k < n && p.d[at + k] !== feature) k++;
    if (k < n) {
      iz = p.z[at + k] as number;
      io = p.o[at + k] as number;
      unwind(p, at, n, k);
      n -= 1;
    }
    const hotFrac = rj > 0 ? (t.cover[hot] as number) / rj : 0;
    const coldFrac = rj > 0 ? (t.cover[cold] as number) / rj : 0;
    recurse(hot, lvl + 1, n, iz * hotFrac, io, feature);
    recurse(cold, lvl + 1, n, iz * coldFrac, 0, feature);
  };
  recurse(0, 0, 0, 1, 1, -1);
}

/**
 * Adds Saabas attributions of one tree at `x` to `phi`: along x's decision path, each split
 * feature gets E[child] − E[node] (cover-weighted node expectations `E`, nodes × K).
 */
export function saabas(
  t: PackedTree,
  E: Float64Array,
  x: ArrayLike<number>,
  K: number,
  strict: boolean,
  phi: Float64Array,
): void {
  let i = 0;
  while ((t.left[i] as number) !== -1) {
    const c = nextNode(t, i, x, strict);
    const f = t.feature[i] as number;
    for (let k = 0; k < K; k++)
      phi[f * K + k] = (phi[f * K + k] as number) + (E[c * K + k] as number) - (E[i * K + k] as number);
    i = c;
  }
}

/**
 * The conditional expectation E[f(x) | x_S] that path-dependent TreeSHAP explains (the paper's
 * Algorithm 1), for tests and audits: follow x at splits on features in S, else average the
 * children by cover.
 */
export function pathExpectation(
  t: PackedTree,
  x: ArrayLike<number>,
  inS: Uint8Array,
  K: number,
  strict: boolean,
): Float64Array {
  const out = new Float64Array(K);
  const visit = (i: number, weight: number): void => {
    const l = t.left[i] as number;
    if (l === -1) {
      for (let k = 0; k < K; k++) out[k] = (out[k] as number) + weight * (t.value[i * K + k] as number);
      return;
    }
    if (inS[t.feature[i] as number]) {
      visit(nextNode(t, i, x, strict), weight);
      return;
    }
    const r = t.right[i] as number;
    const c = t.cover[i] as number;
    if (c <= 0) return;
    visit(l, (weight * (t.cover[l] as number)) / c);
    visit(r, (weight * (t.cover[r] as number)) / c);
  };
  visit(0, 1);
  return out;
}
