/**
 * Owen values over a feature hierarchy, as shap's PartitionExplainer computes them: a priority
 * queue of (context mask, f(context), f(context ∪ node), node, weight) items, largest
 * remaining effect first; each internal node costs two evaluations and spawns four children
 * (each child in the "off" and "on" context of its sibling) at half the weight. Unresolved
 * items dump their effect on their node, and `lowerCredit` spreads internal-node credit to the
 * leaves in proportion to leaf counts. Every level conserves f(x) − f(∅), so additivity is
 * exact at any budget.
 */
import { MinHeap } from './heap.js';
import type { MaskedModel } from './masked-model.js';
import type { Linkage } from './masker.js';
import type { Rng } from './rng.js';

interface Item {
  m00: Uint8Array;
  f00: Float64Array;
  f11: Float64Array;
  node: number;
  weight: number;
  priority: number;
  tie: number;
}

/** Result of {@link owenValues}. */
export interface OwenResult {
  /** `M × K` leaf values. */
  values: Float64Array;
  /** `(2M − 1) × K` node values before lowering (shap's `hierarchical_values`). */
  nodeValues: Float64Array;
  /** Masks evaluated inside the queue (excluding f(∅) and f(x)). */
  evals: number;
}

/**
 * Runs the Owen recursion with at most `budget` evaluations (shap: `max_evals − 2`).
 * `fixedContext` 0 or 1 recurses only in the "off" or "on" context of the sibling and leaves
 * the interaction term f11 − f10 − f01 + f00 on the node (shap's `fixed_context`).
 */
export async function owenValues(
  fm: MaskedModel<unknown>,
  clustering: Linkage,
  f00: Float64Array,
  f11: Float64Array,
  budget: number,
  batchSize: number,
  rng: Rng,
  fixedContext?: 0 | 1,
): Promise<OwenResult> {
  const M = fm.size;
  const K = f00.length;
  const nodes = 2 * M - 1;
  const dvalues = new Float64Array(nodes * K);
  const leafMasks = nodeMasks(clustering, M);
  const heap = new MinHeap<Item>(
    (x, y) => x.priority < y.priority || (x.priority === y.priority && x.tie < y.tie),
  );
  const add = (v: Float64Array, node: number, w: number, a: Float64Array, b: Float64Array) => {
    for (let k = 0; k < K; k++)
      v[node * K + k] = (v[node * K + k] as number) + ((b[k] as number) - (a[k] as number)) * w;
  };
  const push = (m00: Uint8Array, a: Float64Array, b: Float64Array, node: number, weight: number) => {
    let mx = 0;
    for (let k = 0; k < K; k++) mx = Math.max(mx, Math.abs((b[k] as number) - (a[k] as number)));
    heap.push({ m00, f00: a, f11: b, node, weight, priority: -mx * weight, tie: rng.normal() });
  };
  push(new Uint8Array(M), f00, f11, nodes - 1, 1);
  let evals = 0;
  while (heap.size > 0) {
    if (evals >= budget) {
      for (let it = heap.pop(); it; it = heap.pop()) add(dvalues, it.node, it.weight, it.f00, it.f11);
      break;
    }
    const work: { it: Item; m10: Uint8Array; m01: Uint8Array; l: number; r: number }[] = [];
    while (heap.size > 0 && work.length * 2 < batchSize && evals + work.length * 2 < budget) {
      const it = heap.pop() as Item;
      if (it.node < M || (clustering[it.node - M]?.[2] ?? 1) < 0) {
        add(dvalues, it.node, it.weight, it.f00, it.f11);
        continue;
      }
      const [l, r] = clustering[it.node - M] as readonly [number, number, number, number];
      const m10 = orMask(it.m00, leafMasks[l] as number[]);
      const m01 = orMask(it.m00, leafMasks[r] as number[]);
      work.push({ it, m10, m01, l, r });
    }
    if (work.length === 0) continue;
    const masks = new Uint8Array(work.length * 2 * M);
    work.forEach((w, i) => {
      masks.set(w.m10, 2 * i * M);
      masks.set(w.m01, (2 * i + 1) * M);
    });
    const out = await fm.evaluate(masks, work.length * 2);
    evals += work.length * 2;
    work.forEach(({ it, m10, m01, l, r }, i) => {
      const f10 = out.slice(2 * i * K, (2 * i + 1) * K);
      const f01 = out.slice((2 * i + 1) * K, (2 * i + 2) * K);
      if (fixedContext === undefined) {
        const w = it.weight / 2;
        push(it.m00, it.f00, f10, l, w);
        push(it.m00, it.f00, f01, r, w);
        push(m01, f01, it.f11, l, w);
        push(m10, f10, it.f11, r, w);
        return;
      }
      const sign = fixedContext === 0 ? 1 : -1;
      for (let k = 0; k < K; k++) {
        const inter = (it.f11[k] as number) - (f10[k] as number) - (f01[k] as number) + (it.f00[k] as number);
        dvalues[it.node * K + k] = (dvalues[it.node * K + k] as number) + sign * inter * it.weight;
      }
      if (fixedContext === 0) {
        push(it.m00, it.f00, f10, l, it.weight);
        push(it.m00, it.f00, f01, r, it.weight);
      } else {
        push(m01, f01, it.f11, l, it.weight);
        push(m10, f10, it.f11, r, it.weight);
      }
    });
  }
  const values = new Float64Array(dvalues);
  lowerCredit(values, clustering, M, K);
  return { values: values.slice(0, M * K), nodeValues: dvalues, evals };
}

/** Pushes each internal node's credit to its children in proportion to their leaf counts. */
export function lowerCredit(values: Float64Array, clustering: Linkage, M: number, K: number): void {
  const sizes = (node: number) => (node < M ? 1 : (clustering[node - M]?.[3] ?? 1));
  for (let node = 2 * M - 2; node >= M; node--) {
    const [l, r] = clustering[node - M] as readonly [number, number, number, number];
    const total = sizes(node);
    for (let k = 0; k < K; k++) {
      const v = values[node * K + k] as number;
      values[l * K + k] = (values[l * K + k] as number) + (v * sizes(l)) / total;
      values[r * K + k] = (values[r * K + k] as number) + (v * sizes(r)) / total;
    }
  }
}

const leafCache = new WeakMap<Linkage, number[][]>();

/** Leaf indices of every node (cached per hierarchy: image and tabular trees are shared by rows). */
function nodeMasks(clustering: Linkage, M: number): number[][] {
  const cached = leafCache.get(clustering);
  if (cached && cached.length === 2 * M - 1) return cached;
  const leaves: number[][] = [];
  for (let i = 0; i < M; i++) leaves.push([i]);
  for (const [l, r] of clustering) leaves.push([...(leaves[l] as number[]), ...(leaves[r] as number[])]);
  leafCache.set(clustering, leaves);
  return leaves;
}

function orMask(m: Uint8Array, on: readonly number[]): Uint8Array {
  const out = m.slice();
  for (const i of on) out[i] = 1;
  return out;
}
