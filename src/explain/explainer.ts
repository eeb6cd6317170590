/**
 * `Explainer`: picks an algorithm the way shap's `Explainer(algorithm="auto")` does:
 * - a tree ensemble ({@link TreeEnsemble}) → `tree` ({@link TreeExplainer}; background data
 *   → interventional, none → path-dependent);
 * - a TensorFlow.js model → `deep` only when asked (`algorithm: 'deep'`), else it is treated as
 *   a callable model ({@link tfModelFunction});
 * - a model given as a function: a table with an independent masker → exact up to 10 features,
 *   else permutation; a table with a hierarchy → exact (Owen) up to 32 features, else
 *   permutation; text and image maskers → partition.
 * Kernel and gradient explainers are never auto-picked.
 */
import { KiteError } from '../core/index.js';
import { isMatrixLike, type MaskExplainer } from './base.js';
import { DeepExplainer } from './deep.js';
import { isTfModel, type TfModelLike } from './deep-network.js';
import { ExactExplainer, type ExactOptions } from './exact.js';
import type { Explanation } from './explanation.js';
import type { Masker } from './masker.js';
import { maskerFor, type TabularData } from './maskers/auto.js';
import { IndependentMasker, PartitionMasker } from './maskers/tabular.js';
import type { Value } from './maskers/values.js';
import type { DenseMatrix, MatrixLike } from './matrix.js';
import type { Model } from './model.js';
import { PartitionExplainer } from './partition.js';
import { PermutationExplainer } from './permutation.js';
import { isTfPredictor, type TfPredictor, tfModelFunction } from './tf-model.js';
import { type FeaturePerturbation, TreeExplainer } from './tree.js';
import { isTreeEnsemble, type TreeEnsemble } from './tree-model.js';

/** The algorithms {@link Explainer} can run. */
export const ALGORITHMS = ['auto', 'exact', 'permutation', 'partition', 'tree', 'deep'] as const;
/** An algorithm name (`auto` lets {@link Explainer} choose). */
export type Algorithm = (typeof ALGORITHMS)[number];

/** Options of {@link Explainer}. */
export interface AutoExplainerOptions extends Omit<ExactOptions, 'maxEvals'> {
  algorithm?: Algorithm;
  /** Budget per row; defaults are each algorithm's (exact 100000, others 500). */
  maxEvals?: number;
  /** Tree models: shap's `feature_perturbation` (default `auto`). */
  featurePerturbation?: FeaturePerturbation;
  featureNames?: readonly string[];
}

/** What {@link Explainer} accepts as a model. */
export type ExplainableModel<In> = Model<In> | TreeEnsemble | TfModelLike;

/** The algorithm shap would choose for this masker (models given as functions). */
export function chooseAlgorithm(
  masker: Masker<unknown, unknown>,
  features?: number,
): Exclude<Algorithm, 'auto' | 'tree' | 'deep'> {
  if (masker.kind === 'text' || masker.kind === 'image') return 'partition';
  const M = features ?? (masker as IndependentMasker).size;
  if (masker.kind === 'independent') return M <= 10 ? 'exact' : 'permutation';
  if (masker.kind === 'partition') return M <= 32 ? 'exact' : 'permutation';
  return 'permutation';
}

/** Background rows for the tree and deep explainers: data, or a tabular masker's background. */
function backgroundOf(masker: unknown, what: string): MatrixLike | undefined {
  if (masker === undefined) return undefined;
  if (isMatrixLike(masker)) return masker;
  if (masker instanceof IndependentMasker || masker instanceof PartitionMasker) return masker.background;
  throw new KiteError(
    'INVALID_ARGUMENT',
    `${what} takes background data (rows of numbers) or a tabular masker`,
  );
}

/**
 * The explainer that shap would build for `model` and `masker` (or background data).
 *
 * @example
 * ```ts
 * const explainer = new Explainer((X) => X.map((x) => x[0]! * x[1]!), background);
 * explainer.algorithm; // 'exact' (2 features)
 * new Explainer({ trees }, background).algorithm; // 'tree'
 * new Explainer(tfModel, background, { algorithm: 'deep' }).algorithm; // 'deep'
 * ```
 */
export class Explainer<Row = ArrayLike<number> | readonly Value[], In = number[][]> {
  readonly algorithm: Exclude<Algorithm, 'auto'>;
  readonly inner: MaskExplainer<Row, In> | TreeExplainer | DeepExplainer;

  constructor(
    model: ExplainableModel<In>,
    masker?: Masker<Row, In> | TabularData,
    options: AutoExplainerOptions = {},
  ) {
    const requested = options.algorithm ?? 'auto';
    if (!ALGORITHMS.includes(requested)) {
      throw new KiteError(
        'INVALID_ARGUMENT',
        `unknown algorithm ${JSON.stringify(requested)}; use one of ${ALGORITHMS.join(', ')}`,
      );
    }
    const names = options.featureNames ? { featureNames: options.featureNames } : {};
    const outputNames = options.outputNames ? { outputNames: options.outputNames } : {};
    if (isTreeEnsemble(model)) {
      if (requested !== 'auto' && requested !== 'tree')
        throw new KiteError(
          'INVALID_ARGUMENT',
          `a tree ensemble is explained with algorithm 'tree', not '${requested}'`,
        );
      this.algorithm = 'tree';
      this.inner = new TreeExplainer(model, backgroundOf(masker, 'TreeExplainer'), {
        ...names,
        ...outputNames,
        ...(options.featurePerturbation ? { featurePerturbation: options.featurePerturbation } : {}),
      });
      return;
    }
    if (requested === 'tree')
      throw new KiteError('INVALID_ARGUMENT', "algorithm 'tree' needs a tree ensemble ({ trees: [...] })");
    if (requested === 'deep') {
      if (!isTfModel(model))
        throw new KiteError('INVALID_ARGUMENT', "algorithm 'deep' needs a TensorFlow.js LayersModel");
      const data = backgroundOf(masker, 'DeepExplainer');
      if (!data) throw new KiteError('INVALID_ARGUMENT', 'DeepExplainer needs background data');
      this.algorithm = 'deep';
      this.inner = new DeepExplainer(model, data, { ...names, ...outputNames });
      return;
    }
    // a TensorFlow.js model is a callable model here, as shap treats a Keras model
    const fn = (isTfPredictor(model) ? tfModelFunction(model as TfPredictor) : model) as Model<In>;
    if (masker === undefined)
      throw new KiteError('INVALID_ARGUMENT', 'a model function needs a masker or background data');
    const m = (
      isMatrixLike(masker)
        ? requested === 'partition'
          ? new PartitionMasker(masker)
          : maskerFor(masker)
        : masker
    ) as Masker<Row, In>;
    this.algorithm = requested === 'auto' ? chooseAlgorithm(m as Masker<unknown, unknown>) : requested;
    const { algorithm: _a, featurePerturbation: _f, featureNames: _n, ...rest } = options;
    if (this.algorithm === 'exact') this.inner = new ExactExplainer(fn, m, rest);
    else if (this.algorithm === 'permutation') this.inner = new PermutationExplainer(fn, m, rest);
    else this.inner = new PartitionExplainer(fn, m, rest);
  }

  /** Model evaluations (masks) of the last `explain` (0 for tree and deep explainers). */
  get evaluations(): number {
    return 'stats' in this.inner ? this.inner.stats.masks : 0;
  }

  /** Explains each row with the chosen algorithm. */
  explain(X: readonly Row[] | DenseMatrix): Promise<Explanation> {
    if (this.inner instanceof TreeExplainer || this.inner instanceof DeepExplainer)
      return this.inner.explain(X as MatrixLike);
    return this.inner.explain(X);
  }
}
