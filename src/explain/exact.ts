/**
 * ExactExplainer: exact Shapley values by evaluating all 2^M coalitions of the varying features
 * in Gray-code order (each step flips one feature, as shap's `gray_code_indexes`), or exact Owen
 * values when the masker has a feature hierarchy.
 */
import { KiteError } from '../core/index.js';
import {
  type ExplainerOptions,
  isMatrixLike,
  MaskExplainer,
  type RowContext,
  type RowResult,
} from './base.js';
import type { Masker } from './masker.js';
import { maskerFor, type TabularData } from './maskers/auto.js';
import type { Value } from './maskers/values.js';
import type { Model } from './model.js';
import { owenValues } from './owen.js';

/** Options of {@link ExactExplainer}. */
export interface ExactOptions extends ExplainerOptions {
  /** Largest number of masked evaluations per row (shap: 100000). */
  maxEvals?: number;
}

/** `1 / (M · C(M−1, k))` for k = 0..M−1 (shap's `shapley_coefficients`). */
export function shapleyCoefficients(M: number): Float64Array {
  const out = new Float64Array(M);
  let binom = 1;
  for (let k = 0; k < M; k++) {
    out[k] = 1 / (M * binom);
    binom = (binom * (M - 1 - k)) / (k + 1);
  }
  return out;
}

/**
 * The Gray-code sequence of `2^m` masks over `m` bits, starting from all-off; bit `m−1` (the
 * last feature) flips on every odd step as in shap.
 */
export function grayCodeMasks(m: number): Uint8Array {
  const n = 2 ** m;
  const out = new Uint8Array(n * m);
  for (let i = 0; i < n; i++) {
    const g = i ^ (i >> 1);
    for (let b = 0; b < m; b++) out[i * m + (m - 1 - b)] = (g >> b) & 1;
  }
  return out;
}

/**
 * Exact Shapley (or Owen) values.
 *
 * @example
 * ```ts
 * const explainer = new ExactExplainer((X) => X.map((x) => x[0]! * x[1]!), [[0, 0]]);
 * const e = await explainer.explain([[1, 1]]); // values [[0.5, 0.5]]
 * ```
 */
export class ExactExplainer<
  Row = ArrayLike<number> | readonly Value[],
  In = number[][],
> extends MaskExplainer<Row, In> {
  readonly algorithm = 'exact';
  readonly maxEvals: number;

  constructor(model: Model<In>, masker: Masker<Row, In> | TabularData, options: ExactOptions = {}) {
    super(model, (isMatrixLike(masker) ? maskerFor(masker) : masker) as Masker<Row, In>, options);
    this.maxEvals = options.maxEvals ?? 100000;
  }

  protected async explainRow({ fm, masker, rng }: RowContext<In>): Promise<RowResult> {
    const M = masker.size;
    if (masker.clustering) {
      if (M * M > this.maxEvals) {
        throw new KiteError(
          'INVALID_ARGUMENT',
          `exact Owen values for ${M} features need up to M² = ${M * M} evaluations, over maxEvals ${this.maxEvals}`,
          {
            hint: 'raise maxEvals or use the PartitionExplainer with a budget',
          },
        );
      }
      const ends = new Uint8Array(2 * M);
      ends.fill(1, M);
      const y = await fm.evaluate(ends, 2);
      const K = fm.width as number;
      const f00 = y.slice(0, K);
      const f11 = y.slice(K);
      const r = await owenValues(
        fm as never,
        masker.clustering,
        f00,
        f11,
        Number.POSITIVE_INFINITY,
        Number.POSITIVE_INFINITY,
        rng,
      );
      return {
        values: r.values,
        base: f00,
        width: K,
        multi: fm.multi,
        hierarchicalValues: Array.from(r.nodeValues),
      };
    }
    const inds = masker.varying();
    const m = inds.length;
    if (2 ** m > this.maxEvals) {
      throw new KiteError(
        'INVALID_ARGUMENT',
        `It takes 2^${m} = ${2 ** m} masked evaluations to explain this row exactly, over maxEvals ${this.maxEvals}`,
        {
          hint: 'raise maxEvals, or use the PermutationExplainer or PartitionExplainer for this many features',
        },
      );
    }
    const gray = grayCodeMasks(m);
    const n = 2 ** m;
    const masks = new Uint8Array(n * M);
    for (let i = 0; i < n; i++)
      for (let b = 0; b < m; b++) if (gray[i * m + b]) masks[i * M + (inds[b] as number)] = 1;
    const y = await fm.evaluate(masks, n);
    const K = fm.width as number;
    const values = new Float64Array(M * K);
    const base = y.slice(0, K);
    if (m === 0) return { values, base, width: K, multi: fm.multi };
    const coeff = shapleyCoefficients(m);
    const phi = new Float64Array(m * K);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let b = 0; b < m; b++) s += gray[i * m + b] as number;
      const on = s > 0 ? (coeff[s - 1] as number) : 0;
      const off = s < m ? (coeff[s] as number) : 0;
      for (let b = 0; b < m; b++) {
        const c = gray[i * m + b] ? on : -off;
        for (let k = 0; k < K; k++)
          phi[b * K + k] = (phi[b * K + k] as number) + c * (y[i * K + k] as number);
      }
    }
    inds.forEach((j, b) => {
      values.set(phi.subarray(b * K, (b + 1) * K), j * K);
    });
    return { values, base, width: K, multi: fm.multi };
  }
}
