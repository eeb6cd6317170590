/**
 * PartitionExplainer: Owen values over the masker's feature hierarchy with shap's budget rule
 * (`maxEvals − 2` evaluations after f(∅) and f(x); default 500). The base value f(∅) is
 * computed once when the masker's background is fixed.
 */
import { KiteError } from '../core/index.js';
import {
  type ExplainerOptions,
  isMatrixLike,
  MaskExplainer,
  type RowContext,
  type RowResult,
} from './base.js';
import { resolveBatchSize } from './masked-model.js';
import type { Masker } from './masker.js';
import { PartitionMasker } from './maskers/tabular.js';
import type { MatrixLike } from './matrix.js';
import type { Model } from './model.js';
import { owenValues } from './owen.js';

/** Options of {@link PartitionExplainer}. */
export interface PartitionOptions extends ExplainerOptions {
  /** Masked evaluations per row including f(∅) and f(x) (shap: 500). */
  maxEvals?: number | 'auto';
  /** shap's `fixed_context`: recurse in one sibling context only (cheaper, not Owen values). */
  fixedContext?: 0 | 1;
}

/**
 * Owen values (hierarchical Shapley values) for tables, text and images.
 *
 * @example
 * ```ts
 * const explainer = new PartitionExplainer(model, new ImageMasker('blur(4,4)', [28, 28, 1]), { maxEvals: 1000 });
 * const e = await explainer.explain([image]);
 * ```
 */
export class PartitionExplainer<Row = ArrayLike<number>, In = number[][]> extends MaskExplainer<Row, In> {
  readonly algorithm = 'partition';
  readonly maxEvals: number;
  readonly fixedContext: 0 | 1 | undefined;
  private cachedBase: Float64Array | undefined;

  constructor(model: Model<In>, masker: Masker<Row, In> | MatrixLike, options: PartitionOptions = {}) {
    const m = (isMatrixLike(masker) ? new PartitionMasker(masker) : masker) as Masker<Row, In>;
    if (!m.hasClustering) {
      throw new KiteError(
        'INVALID_ARGUMENT',
        `the partition explainer needs a masker with a feature hierarchy; a ${m.kind} masker has none`,
        {
          hint: 'use a PartitionMasker (tables), TextMasker or ImageMasker',
        },
      );
    }
    super(model, m, options);
    this.maxEvals = options.maxEvals === undefined || options.maxEvals === 'auto' ? 500 : options.maxEvals;
    this.fixedContext = options.fixedContext;
    if (this.fixedContext !== undefined && this.fixedContext !== 0 && this.fixedContext !== 1) {
      throw new KiteError(
        'INVALID_ARGUMENT',
        `fixedContext must be 0, 1 or undefined, got ${String(this.fixedContext)}`,
      );
    }
    if (!(this.maxEvals >= 2))
      throw new KiteError('INVALID_ARGUMENT', `maxEvals must be at least 2, got ${this.maxEvals}`);
  }

  protected async explainRow({ fm, masker, rng }: RowContext<In>): Promise<RowResult> {
    const M = masker.size;
    const clustering = masker.clustering;
    if (!clustering) throw new KiteError('INTERNAL', 'partition masker bound without a clustering');
    const reuse = this.masker.fixedBackground && this.cachedBase !== undefined && M > 0;
    const ends = new Uint8Array((reuse ? 1 : 2) * M);
    ends.fill(1, reuse ? 0 : M);
    const y = await fm.evaluate(ends, reuse ? 1 : 2);
    const K = fm.width as number;
    const f00 = reuse ? (this.cachedBase as Float64Array) : y.slice(0, K);
    const f11 = reuse ? y.slice(0, K) : y.slice(K);
    // an empty input (no features) has its own all-hidden value: do not share it
    if (this.masker.fixedBackground && M > 0) this.cachedBase = f00;
    if (M <= 1) {
      const values = M === 1 ? f11.map((v, k) => v - (f00[k] as number)) : new Float64Array(0);
      return { values, base: f00, width: K, multi: fm.multi };
    }
    const batch = resolveBatchSize(this.options.batchSize, this.masker.defaultBatchSize);
    const r = await owenValues(
      fm as never,
      clustering,
      f00,
      f11,
      this.maxEvals - 2,
      batch,
      rng,
      this.fixedContext,
    );
    return {
      values: r.values,
      base: f00,
      width: K,
      multi: fm.multi,
      hierarchicalValues: Array.from(r.nodeValues),
    };
  }

  override async explain(X: Parameters<MaskExplainer<Row, In>['explain']>[0]) {
    this.cachedBase = undefined;
    return super.explain(X);
  }
}
