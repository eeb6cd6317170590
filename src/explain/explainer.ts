/**
 * `Explainer`: picks an algorithm the way shap's `Explainer(algorithm="auto")` does for a model
 * given as a function: a table with an independent masker → exact up to 10 features, else
 * permutation; a table with a hierarchy → exact (Owen) up to 32 features, else permutation;
 * text and image maskers → partition. Kernel and gradient explainers are never auto-picked.
 */
import { KiteError } from '../core/index.js';
import { isMatrixLike, type MaskExplainer } from './base.js';
import { ExactExplainer, type ExactOptions } from './exact.js';
import type { Explanation } from './explanation.js';
import type { Masker } from './masker.js';
import { maskerFor, type TabularData } from './maskers/auto.js';
import { type IndependentMasker, PartitionMasker } from './maskers/tabular.js';
import type { Value } from './maskers/values.js';
import type { DenseMatrix } from './matrix.js';
import type { Model } from './model.js';
import { PartitionExplainer } from './partition.js';
import { PermutationExplainer } from './permutation.js';

/** The algorithms {@link Explainer} can run. */
export const ALGORITHMS = ['auto', 'exact', 'permutation', 'partition'] as const;
/** An algorithm name (`auto` lets {@link Explainer} choose). */
export type Algorithm = (typeof ALGORITHMS)[number];

/** Options of {@link Explainer}. */
export interface AutoExplainerOptions extends Omit<ExactOptions, 'maxEvals'> {
  algorithm?: Algorithm;
  /** Budget per row; defaults are each algorithm's (exact 100000, others 500). */
  maxEvals?: number;
}

/** The algorithm shap would choose for this masker. */
export function chooseAlgorithm(
  masker: Masker<unknown, unknown>,
  features?: number,
): Exclude<Algorithm, 'auto'> {
  if (masker.kind === 'text' || masker.kind === 'image') return 'partition';
  const M = features ?? (masker as IndependentMasker).size;
  if (masker.kind === 'independent') return M <= 10 ? 'exact' : 'permutation';
  if (masker.kind === 'partition') return M <= 32 ? 'exact' : 'permutation';
  return 'permutation';
}

/**
 * The explainer that shap would build for `model` and `masker` (or background data).
 *
 * @example
 * ```ts
 * const explainer = new Explainer((X) => X.map((x) => x[0]! * x[1]!), background);
 * explainer.algorithm; // 'exact' (2 features)
 * const e = await explainer.explain(rows);
 * ```
 */
export class Explainer<Row = ArrayLike<number> | readonly Value[], In = number[][]> {
  readonly algorithm: Exclude<Algorithm, 'auto'>;
  readonly inner: MaskExplainer<Row, In>;

  constructor(model: Model<In>, masker: Masker<Row, In> | TabularData, options: AutoExplainerOptions = {}) {
    const requested = options.algorithm ?? 'auto';
    if (!ALGORITHMS.includes(requested)) {
      throw new KiteError(
        'INVALID_ARGUMENT',
        `unknown algorithm ${JSON.stringify(requested)}; use one of ${ALGORITHMS.join(', ')}`,
      );
    }
    const m = (
      isMatrixLike(masker)
        ? requested === 'partition'
          ? new PartitionMasker(masker)
          : maskerFor(masker)
        : masker
    ) as Masker<Row, In>;
    this.algorithm = requested === 'auto' ? chooseAlgorithm(m as Masker<unknown, unknown>) : requested;
    const { algorithm: _a, ...rest } = options;
    if (this.algorithm === 'exact') this.inner = new ExactExplainer(model, m, rest);
    else if (this.algorithm === 'permutation') this.inner = new PermutationExplainer(model, m, rest);
    else this.inner = new PartitionExplainer(model, m, rest);
  }

  /** Explains each row with the chosen algorithm. */
  explain(X: readonly Row[] | DenseMatrix): Promise<Explanation> {
    return this.inner.explain(X);
  }
}
