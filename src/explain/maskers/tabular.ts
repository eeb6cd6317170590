/**
 * Tabular maskers: hidden features take values from background rows and the model outputs are
 * averaged over them (shap's `maskers.Independent`); `PartitionMasker` adds a feature hierarchy
 * (shap's `maskers.Partition`, correlation clustering by default).
 */
import { KiteError } from '../../core/index.js';
import { checkLinkage, hclust } from '../cluster.js';
import type { BoundMasker, Linkage, Masker } from '../masker.js';
import { type DenseMatrix, type MatrixLike, toDense } from '../matrix.js';
import { createRng } from '../rng.js';

/** Options of the tabular maskers. */
export interface TabularMaskerOptions {
  /** Background rows kept (shap: 100); more are subsampled without replacement. */
  maxSamples?: number;
  /** Weights of the background rows (e.g. k-means cluster sizes); normalised to sum 1. */
  weights?: readonly number[];
  featureNames?: readonly string[];
  /** Seed of the background subsample. */
  seed?: number;
}

/** Batches as rows of numbers (default) or as one dense matrix (typed array). */
export type TabularFormat = 'arrays' | 'matrix';
type BatchOf<F extends TabularFormat> = F extends 'matrix' ? DenseMatrix : number[][];

/** shap's `not_equal` for numbers: `allclose` (rtol 1e-5, atol 1e-8) with NaN equal to NaN. */
export function sameValue(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  return Math.abs(a - b) <= 1e-8 + 1e-5 * Math.abs(b);
}

/**
 * Background-replacement masker for feature vectors.
 *
 * @example
 * ```ts
 * const masker = new IndependentMasker([[0, 0], [1, 1]]);
 * const bound = masker.bind([3, 4]);
 * bound.build(Uint8Array.of(1, 0), 1); // [[3, 0], [3, 1]]
 * ```
 */
export class IndependentMasker<F extends TabularFormat = 'arrays'>
  implements Masker<ArrayLike<number>, BatchOf<F>>
{
  readonly kind: 'independent' | 'partition' = 'independent';
  readonly fixedBackground = true;
  readonly hasClustering: boolean = false;
  readonly defaultBatchSize = 10;
  readonly background: DenseMatrix;
  readonly weights: Float64Array;
  readonly featureNames: readonly string[] | undefined;
  readonly format: F;
  protected clusteringValue: Linkage | undefined;

  constructor(data: MatrixLike, options: TabularMaskerOptions & { format?: F } = {}) {
    this.format = (options.format ?? 'arrays') as F;
    let bg = toDense(data, 'background');
    if (bg.rows === 0) throw new KiteError('INVALID_ARGUMENT', 'background: needs at least one row');
    const { keep, weights } = sampleBackground(bg.rows, options);
    if (keep) {
      const data2 = new Float64Array(keep.length * bg.cols);
      keep.forEach((r, i) => {
        data2.set(bg.data.subarray(r * bg.cols, (r + 1) * bg.cols), i * bg.cols);
      });
      bg = { rows: keep.length, cols: bg.cols, data: data2 };
    }
    if (options.featureNames && options.featureNames.length !== bg.cols) {
      throw new KiteError(
        'INVALID_ARGUMENT',
        `featureNames: ${options.featureNames.length} names for ${bg.cols} features`,
      );
    }
    this.background = bg;
    this.weights = weights;
    this.featureNames = options.featureNames;
  }

  /** Number of features. */
  get size(): number {
    return this.background.cols;
  }

  bind(row: ArrayLike<number>): BoundMasker<BatchOf<F>> {
    const P = this.background.cols;
    if (row.length !== P) {
      throw new KiteError('INVALID_ARGUMENT', `row has ${row.length} features, the background has ${P}`, {
        hint: 'explain rows with the same columns as the background data',
      });
    }
    const x = Float64Array.from(row);
    const bg = this.background;
    const N = bg.rows;
    const format = this.format;
    let buffer = new Float64Array(0);
    const buildRows = (masks: Uint8Array, count: number, keep?: Uint8Array): BatchOf<F> => {
      let rows = 0;
      if (keep) for (let i = 0; i < count * N; i++) rows += keep[i] as number;
      else rows = count * N;
      const need = rows * P;
      if (buffer.length < need) buffer = new Float64Array(need);
      const on: number[] = [];
      let o = 0;
      for (let k = 0; k < count; k++) {
        on.length = 0;
        for (let j = 0; j < P; j++) if (masks[k * P + j]) on.push(j);
        for (let r = 0; r < N; r++) {
          if (keep && !keep[k * N + r]) continue;
          buffer.set(bg.data.subarray(r * P, (r + 1) * P), o);
          for (const j of on) buffer[o + j] = x[j] as number;
          o += P;
        }
      }
      if (format === 'matrix') return { rows, cols: P, data: buffer.subarray(0, need) } as BatchOf<F>;
      const out: number[][] = new Array(rows);
      for (let i = 0; i < rows; i++) out[i] = Array.from(buffer.subarray(i * P, (i + 1) * P));
      return out as BatchOf<F>;
    };
    const invariants = new Uint8Array(N * P);
    for (let r = 0; r < N; r++) {
      for (let j = 0; j < P; j++)
        invariants[r * P + j] = sameValue(x[j] as number, bg.data[r * P + j] as number) ? 1 : 0;
    }
    const varying = (): number[] => {
      const v: number[] = [];
      for (let j = 0; j < P; j++) {
        for (let r = 0; r < N; r++) {
          if (!invariants[r * P + j]) {
            v.push(j);
            break;
          }
        }
      }
      return v;
    };
    return {
      size: P,
      rowsPerMask: N,
      weights: this.weights,
      build: (masks, count) => buildRows(masks, count),
      buildRows,
      invariants,
      varying,
      data: Array.from(x),
      ...(this.featureNames ? { featureNames: this.featureNames } : {}),
      ...(this.clusteringValue ? { clustering: this.clusteringValue } : {}),
    };
  }
}

/** Options of {@link PartitionMasker}. */
export interface PartitionMaskerOptions extends TabularMaskerOptions {
  /** A linkage, or the metric to cluster features by (shap default: "correlation"). */
  clustering?: Linkage | 'correlation' | 'cosine' | 'euclidean';
}

/**
 * Background masker with a feature hierarchy; explainers then compute Owen values.
 *
 * @example
 * ```ts
 * const masker = new PartitionMasker(background); // correlation clustering of the columns
 * ```
 */
export class PartitionMasker<F extends TabularFormat = 'arrays'> extends IndependentMasker<F> {
  override readonly kind = 'partition' as const;
  override readonly hasClustering = true;

  constructor(data: MatrixLike, options: PartitionMaskerOptions & { format?: F } = {}) {
    super(data, options);
    const c = options.clustering ?? 'correlation';
    if (typeof c === 'string') {
      // shap clusters the (possibly subsampled) background it keeps
      this.clusteringValue = hclust(this.background, { metric: c, seed: options.seed ?? 0 });
    } else {
      checkLinkage(c, this.size);
      this.clusteringValue = c;
    }
  }

  /** The feature hierarchy. */
  get clustering(): Linkage {
    return this.clusteringValue as Linkage;
  }
}

/**
 * The background rows a masker keeps and their normalised weights: all rows, or a seeded
 * subsample without replacement of `maxSamples` (shap: 100) when there are more.
 */
export function sampleBackground(
  rowCount: number,
  options: Pick<TabularMaskerOptions, 'weights' | 'maxSamples' | 'seed'>,
): { keep: number[] | undefined; weights: Float64Array } {
  let weights = options.weights ? Float64Array.from(options.weights) : new Float64Array(rowCount).fill(1);
  if (weights.length !== rowCount) {
    throw new KiteError(
      'INVALID_ARGUMENT',
      `background weights: ${weights.length} weights for ${rowCount} rows`,
    );
  }
  const max = options.maxSamples ?? 100;
  let keep: number[] | undefined;
  if (rowCount > max) {
    keep = createRng(options.seed ?? 0)
      .shuffle(Array.from({ length: rowCount }, (_, i) => i))
      .slice(0, max);
    const all = weights;
    weights = Float64Array.from(keep, (r) => all[r] as number);
  }
  const total = weights.reduce((a, b) => a + b, 0);
  if (!(total > 0))
    throw new KiteError('INVALID_ARGUMENT', 'background weights must sum to a positive number');
  for (let i = 0; i < weights.length; i++) weights[i] = (weights[i] as number) / total;
  return { keep, weights };
}
