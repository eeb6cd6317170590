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

/** The unique path: feature index, zero fraction, one fraction and weight per element. */
interface Path {
  d: Int32Array;
  z: Float64Array;
  o: Float64Array;
  w: Float64Array;
  len: number;
}

function newPath(cap: number): Path {
  return {
    d: new Int32Array(cap),
    z: new Float64Array(cap),
    o: new Float64Array(cap),
    w: new Float64Array(cap),
    len: 0,
  };
}

function copyPath(p: Path, cap: number): Path {
  const q = newPath(cap);
  q.d.set(p.d.subarray(0, p.len));
  q.z.set(p.z.subarray(0, p.len));
  q.o.set(p.o.subarray(0, p.len));
  q.w.set(p.w.subarray(0, p.len));
  q.len = p.len;
  return q;
}

/** Adds a feature with zero fraction `pz` and one fraction `po` (in place). */
function extend(p: Path, pz: number, po: number, feature: number): void {
  const l = p.len;
  p.d[l] = feature;
  p.z[l] = pz;
  p.o[l] = po;
  p.w[l] = l === 0 ? 1 : 0;
  for (let i = l - 1; i >= 0; i--) {
    p.w[i + 1] = (p.w[i + 1] as number) + (po * (p.w[i] as number) * (i + 1)) / (l + 1);
    p.w[i] = (pz * (p.w[i] as number) * (l - i)) / (l + 1);
  }
  p.len = l + 1;
}

/** Removes element `i`, undoing its extension (in place). */
function unwind(p: Path, i: number): void {
  const l = p.len - 1;
  const o = p.o[i] as number;
  const z = p.z[i] as number;
  let n = p.w[l] as number;
  for (let j = l - 1; j >= 0; j--) {
    if (o !== 0) {
      const t = p.w[j] as number;
      p.w[j] = (n * (l + 1)) / ((j + 1) * o);
      n = t - ((p.w[j] as number) * z * (l - j)) / (l + 1);
    } else {
      p.w[j] = ((p.w[j] as number) * (l + 1)) / (z * (l - j));
    }
  }
  for (let j = i; j < l; j++) {
    p.d[j] = p.d[j + 1] as number;
    p.z[j] = p.z[j + 1] as number;
    p.o[j] = p.o[j + 1] as number;
  }
  p.len = l;
}

/** Σ of the weights `unwind(p, i)` would leave, without changing `p`. */
function unwoundSum(p: Path, i: number): number {
  const l = p.len - 1;
  const o = p.o[i] as number;
  const z = p.z[i] as number;
  let total = 0;
  if (o !== 0) {
    let n = p.w[l] as number;
    for (let j = l - 1; j >= 0; j--) {
      const t = (n * (l + 1)) / ((j + 1) * o);
      total += t;
      n = (p.w[j] as number) - (t * z * (l - j)) / (l + 1);
    }
  } else {
    for (let j = l - 1; j >= 0; j--) total += ((p.w[j] as number) * (l + 1)) / (z * (l - j));
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
  const recurse = (j: number, parent: Path, pz: number, po: number, pi: number): void => {
    // a branch no path weight reaches (zero cover, not on x's path) contributes nothing
    if (pz === 0 && po === 0) return;
    const p = copyPath(parent, cap);
    extend(p, pz, po, pi);
    const left = t.left[j] as number;
    if (left === -1) {
      for (let i = 1; i < p.len; i++) {
        const scale = (p.o[i] as number) - (p.z[i] as number);
        if (scale === 0) continue;
        const w = unwoundSum(p, i) * scale;
        const f = p.d[i] as number;
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
    while (k < p.len && p.d[k] !== feature) k++;
    if (k < p.len) {
      iz = p.z[k] as number;
      io = p.o[k] as number;
      unwind(p, k);
    }
    const frac = (c: number) => (rj > 0 ? (t.cover[c] as number) / rj : 0);
    recurse(hot, p, iz * frac(hot), io, feature);
    recurse(cold, p, iz * frac(cold), 0, feature);
  };
  recurse(0, newPath(cap), 1, 1, -1);
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
