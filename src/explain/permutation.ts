/**
 * PermutationExplainer: Shapley values by antithetic permutation sampling, as shap's. Each
 * permutation π switches features on in order π and then off again in the same order (which
 * walks the reverse permutation), costing 2M + 1 evaluations and crediting each feature with
 * its forward and backward marginal contributions. Exact additivity (both passes telescope);
 * exact for functions with at most pairwise interactions.
 */
import { KiteError } from '../core/index.js';
import {
  type ExplainerOptions,
  isMatrixLike,
  MaskExplainer,
  type RowContext,
  type RowResult,
} from './base.js';
import { leavesOf } from './cluster.js';
import type { Linkage, Masker } from './masker.js';
import { maskerFor, type TabularData } from './maskers/auto.js';
import type { Value } from './maskers/values.js';
import type { Model } from './model.js';
import type { Rng } from './rng.js';

/** Options of {@link PermutationExplainer}. */
export interface PermutationOptions extends ExplainerOptions {
  /** Masked evaluations per row (shap: 500; `'auto'` = 10 · 2 · M). */
  maxEvals?: number | 'auto';
}

/**
 * Antithetic-permutation Shapley values.
 *
 * @example
 * ```ts
 * const explainer = new PermutationExplainer(model, background, { maxEvals: 500, seed: 1 });
 * const e = await explainer.explain(rows);
 * ```
 */
export class PermutationExplainer<
  Row = ArrayLike<number> | readonly Value[],
  In = number[][],
> extends MaskExplainer<Row, In> {
  readonly algorithm = 'permutation';
  readonly maxEvals: number | 'auto';

  constructor(model: Model<In>, masker: Masker<Row, In> | TabularData, options: PermutationOptions = {}) {
    super(model, (isMatrixLike(masker) ? maskerFor(masker) : masker) as Masker<Row, In>, options);
    this.maxEvals = options.maxEvals ?? 500;
  }

  protected async explainRow({ fm, masker, rng }: RowContext<In>): Promise<RowResult> {
    const M = masker.size;
    const inds = masker.varying();
    const m = inds.length;
    const maxEvals = this.maxEvals === 'auto' ? 10 * 2 * M : this.maxEvals;
    const nperm = Math.floor(maxEvals / (2 * m + 1));
    if (m > 0 && nperm === 0) {
      throw new KiteError(
        'INVALID_ARGUMENT',
        `maxEvals ${maxEvals} is too small: it must be at least 2 * num_features + 1 = ${2 * m + 1}`,
      );
    }
    // f(∅) and f(x) are shared by every permutation: evaluate them once.
    const ends = new Uint8Array(2 * M);
    for (const j of inds) ends[M + j] = 1;
    const yEnds = await fm.evaluate(ends, 2);
    const K = fm.width as number;
    const base = yEnds.slice(0, K);
    const full = yEnds.slice(K);
    const values = new Float64Array(M * K);
    if (m === 0) return { values, base, width: K, multi: fm.multi };
    const tree = masker.clustering;
    const leaves = tree ? leavesOf(tree, M) : undefined;
    // inner masks of one permutation: on-pass steps 1..m−1 and off-pass steps 1..m−1
    const inner = 2 * (m - 1);
    const masks = new Uint8Array(Math.max(1, nperm * inner) * M);
    const orders: number[][] = [];
    for (let p = 0; p < nperm; p++) {
      const order = tree && leaves ? treeOrder(tree, leaves, M, inds, rng) : rng.shuffle([...inds]);
      orders.push(order);
      const cur = new Uint8Array(M);
      let row = p * inner;
      for (let s = 0; s < m - 1; s++, row++) {
        cur[order[s] as number] = 1;
        masks.set(cur, row * M);
      }
      cur[order[m - 1] as number] = 1;
      for (let s = 0; s < m - 1; s++, row++) {
        cur[order[s] as number] = 0;
        masks.set(cur, row * M);
      }
    }
    const y = inner > 0 ? await fm.evaluate(masks, nperm * inner) : new Float64Array(0);
    const at = (p: number, step: number, k: number): number => {
      // step 0 = f(∅), m = f(x), 2m = f(∅)
      if (step === 0 || step === 2 * m) return base[k] as number;
      if (step === m) return full[k] as number;
      const idx = p * inner + (step < m ? step - 1 : step - 2);
      return y[idx * K + k] as number;
    };
    for (let p = 0; p < nperm; p++) {
      const order = orders[p] as number[];
      for (let s = 0; s < m; s++) {
        const j = order[s] as number;
        for (let k = 0; k < K; k++) {
          const fwd = at(p, s + 1, k) - at(p, s, k);
          const bwd = at(p, m + s, k) - at(p, m + s + 1, k);
          values[j * K + k] = (values[j * K + k] as number) + fwd + bwd;
        }
      }
    }
    for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) / (2 * nperm);
    return { values, base, width: K, multi: fm.multi };
  }
}

/** A random order of `inds` that keeps every cluster of the tree contiguous (shap's tree shuffle). */
function treeOrder(tree: Linkage, leaves: number[][], M: number, inds: number[], rng: Rng): number[] {
  const keep = new Set(inds);
  const out: number[] = [];
  const walk = (node: number) => {
    if (node < M) {
      if (keep.has(node)) out.push(node);
      return;
    }
    const [l, r] = tree[node - M] as readonly [number, number, number, number];
    if (rng.normal() < 0) {
      walk(l);
      walk(r);
    } else {
      walk(r);
      walk(l);
    }
  };
  walk(leaves.length - 1);
  return out;
}
