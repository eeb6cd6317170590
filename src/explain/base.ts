/**
 * The shared shell of the model-agnostic explainers: it binds the masker to each row, runs the
 * explainer's `explainRow`, and assembles an {@link Explanation}. Subclasses implement one
 * method; that is the explainer extension point.
 */
import { KiteError } from '../core/index.js';
import { Explanation } from './explanation.js';
import type { Link } from './links.js';
import { resolveLink } from './links.js';
import { type EvalStats, MaskedModel, newStats, resolveBatchSize } from './masked-model.js';
import type { BoundMasker, Linkage, Masker } from './masker.js';
import { type DenseMatrix, isDenseMatrix, type MatrixLike, rowOf } from './matrix.js';
import type { Model } from './model.js';
import { type OutputSelection, selectOutputs } from './outputs.js';
import { createRng, type Rng } from './rng.js';

/** Options every explainer takes. */
export interface ExplainerOptions {
  /** Output link; default identity. */
  link?: Link | 'identity' | 'logit';
  /** shap's `linearize_link` (default true): average link(f) with linearising weights. */
  linearizeLink?: boolean;
  /** Which outputs to explain: indices, or `{ top: k }` per row by f(x) (default all). */
  outputs?: OutputSelection;
  /** Masks per model call; `'auto'` uses the masker's default (text 5, others 10). */
  batchSize?: number | 'auto';
  outputNames?: readonly string[];
  /** Seed of the explainer's random choices. */
  seed?: number;
}

/** What `explainRow` returns for one row. */
export interface RowResult {
  /** `M × K`, row-major. */
  values: Float64Array;
  /** `K` base values. */
  base: Float64Array;
  /** Number of outputs. */
  width: number;
  multi: boolean;
  hierarchicalValues?: number[];
}

/** Per-row context handed to `explainRow`. */
export interface RowContext<In> {
  fm: MaskedModel<In>;
  masker: BoundMasker<In>;
  rng: Rng;
  link: Link;
}

/**
 * Base class of the mask-based explainers.
 *
 * @typeParam Row - one input to explain
 * @typeParam In - the model's batch type
 */
export abstract class MaskExplainer<Row, In> {
  /** shap's name of the algorithm. */
  abstract readonly algorithm: string;
  readonly link: Link;
  /** Counters of the last `explain` call (masks, model rows, calls, model time). */
  stats: EvalStats = newStats();
  protected readonly rng: Rng;

  constructor(
    readonly model: Model<In>,
    readonly masker: Masker<Row, In>,
    readonly options: ExplainerOptions = {},
  ) {
    if (typeof model !== 'function')
      throw new KiteError('INVALID_ARGUMENT', 'model must be a function from a batch to outputs');
    this.link = resolveLink(options.link);
    this.rng = createRng(options.seed ?? 0);
  }

  protected abstract explainRow(ctx: RowContext<In>): Promise<RowResult>;

  /**
   * Explains each row of `X` (rows of a table, images, or strings, as the masker expects).
   */
  async explain(X: readonly Row[] | DenseMatrix): Promise<Explanation> {
    const rows = splitRows<Row>(X);
    const stats = newStats();
    const batchSize = resolveBatchSize(this.options.batchSize, this.masker.defaultBatchSize);
    const t0 = performance.now();
    const values: number[][][] = [];
    const bases: number[][] = [];
    const data: (number | string)[][] = [];
    const names: string[][] = [];
    const clusterings: Linkage[] = [];
    const hier: number[][] = [];
    let multi = false;
    let featureShape: readonly number[] | undefined;
    const outputIndexes: number[][] = [];
    for (const row of rows) {
      const bound = this.masker.bind(row);
      let outputs: number[] | undefined;
      const sel = this.options.outputs;
      if (sel !== undefined) {
        // the full outputs at x decide which to explain (one extra evaluation for a top-k choice)
        const full = Array.isArray(sel)
          ? undefined
          : await new MaskedModel(this.model, bound, batchSize, stats).evaluate(
              new Uint8Array(bound.size).fill(1),
              1,
            );
        outputs = selectOutputs(full ?? new Float64Array(Math.max(0, ...(sel as number[])) + 1), sel);
        outputIndexes.push(outputs);
      }
      const fm = new MaskedModel(this.model, bound, batchSize, stats, {
        link: this.link,
        linearize: this.options.linearizeLink ?? true,
        ...(outputs ? { outputs } : {}),
      });
      const r = await this.explainRow({ fm, masker: bound, rng: this.rng, link: this.link });
      multi = multi || r.multi;
      const v: number[][] = [];
      for (let j = 0; j < bound.size; j++)
        v.push(Array.from(r.values.subarray(j * r.width, (j + 1) * r.width)));
      values.push(v);
      bases.push(Array.from(r.base));
      data.push([...bound.data]);
      if (bound.featureNames) names.push([...bound.featureNames]);
      if (bound.clustering) clusterings.push(bound.clustering);
      featureShape ??= bound.featureShape;
      if (r.hierarchicalValues) hier.push(r.hierarchicalValues);
    }
    this.stats = stats;
    const perRowNames = names.length === rows.length && !this.masker.featureNames;
    const featureNames = this.masker.featureNames ?? (perRowNames ? names : undefined);
    const sharedClustering = this.masker.kind === 'partition' || this.masker.kind === 'image';
    return new Explanation({
      values: multi ? values : values.map((v) => v.map((c) => c[0] as number)),
      baseValues: multi ? bases : bases.map((b) => b[0] as number),
      data,
      ...(featureNames ? { featureNames } : {}),
      ...outputNaming(this.options.outputNames, outputIndexes),
      ...(clusterings.length === rows.length && rows.length > 0
        ? { clustering: sharedClustering ? (clusterings[0] as Linkage) : clusterings }
        : {}),
      ...(hier.length === rows.length && rows.length > 0 ? { hierarchicalValues: hier } : {}),
      ...(featureShape ? { featureShape } : {}),
      computeTime: (performance.now() - t0) / 1000,
      algorithm: this.algorithm,
    });
  }
}

/** Output names and indexes for an explanation of selected outputs. */
function outputNaming(
  names: readonly string[] | undefined,
  indexes: number[][],
): { outputNames?: readonly string[]; outputIndexes?: number[][] } {
  if (indexes.length === 0) return names ? { outputNames: names } : {};
  const same = indexes.every((ix) => ix.join() === (indexes[0] as number[]).join());
  const picked = same && names ? (indexes[0] as number[]).map((k) => names[k] ?? `output ${k}`) : undefined;
  return { outputIndexes: indexes, ...(picked ? { outputNames: picked } : {}) };
}

/** Rows of a dense matrix as views, or the array itself. */
export function splitRows<Row>(X: readonly Row[] | DenseMatrix): readonly Row[] {
  if (isDenseMatrix(X)) return Array.from({ length: X.rows }, (_, i) => rowOf(X, i) as unknown as Row);
  if (!Array.isArray(X))
    throw new KiteError('INVALID_ARGUMENT', 'explain(X): X must be an array of rows or a matrix');
  return X;
}

/** True when `value` looks like tabular data rather than a masker. */
export function isMatrixLike(value: unknown): value is MatrixLike {
  return isDenseMatrix(value) || (Array.isArray(value) && (value.length === 0 || Array.isArray(value[0])));
}

/** Builds a mask over all features with `on` features set. */
export function maskOf(M: number, on: Iterable<number>): Uint8Array {
  const m = new Uint8Array(M);
  for (const i of on) m[i] = 1;
  return m;
}
