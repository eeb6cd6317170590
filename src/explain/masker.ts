/**
 * The masker extension point. A masker knows how to hide features of one row: bound to a row,
 * it turns boolean masks (1 = feature kept from the row, 0 = hidden) into a batch of model
 * inputs. Tabular maskers replace hidden features by background rows (several model rows per
 * mask, averaged with weights); text and image maskers produce one model input per mask.
 */

/**
 * A feature hierarchy in scipy's linkage format: row `k` merges nodes `[left, right]` at
 * `distance` into node `M + k` holding `size` leaves. Leaves are `0..M-1`; the root is `2M-2`.
 */
export type Linkage = readonly (readonly [number, number, number, number])[];

/** What the explainers need from a masker bound to one row. */
export interface BoundMasker<In> {
  /** Number of features (M). */
  readonly size: number;
  /** Model rows produced per mask (background size for tabular maskers, 1 otherwise). */
  readonly rowsPerMask: number;
  /** Averaging weights of those rows (sum 1); `undefined` means uniform. */
  readonly weights: Float64Array | undefined;
  /** Builds the model batch for `count` masks stored row-major in `masks` (`count × size`). */
  build(masks: Uint8Array, count: number): In;
  /**
   * Like `build`, but only the rows flagged in `keep` (`count × rowsPerMask`); lets the masked
   * model skip background rows that a mask change cannot affect.
   */
  buildRows?(masks: Uint8Array, count: number, keep: Uint8Array): In;
  /** `rowsPerMask × size`: 1 where a background row already equals the explained row's feature. */
  readonly invariants?: Uint8Array;
  /** Features whose toggling can change the model input (others get zero credit). */
  varying(): number[];
  /** The row's feature values (numbers, tokens) for `Explanation.data`. */
  readonly data: readonly (number | string)[];
  /** Per-row feature names (tokens for text); falls back to the masker's names. */
  readonly featureNames?: readonly string[];
  /** Feature hierarchy for partition/Owen explainers. */
  readonly clustering?: Linkage;
  /** Shape of the features when not a flat vector (images: `[H, W, C]`). */
  readonly featureShape?: readonly number[];
}

/**
 * A masker: the data side of an explainer (shap's `maskers.*`).
 *
 * @typeParam Row - one input to explain (a feature vector, a string, an image)
 * @typeParam In - the batch type the model receives
 */
export interface Masker<Row, In> {
  readonly kind: 'independent' | 'partition' | 'text' | 'image';
  /** True when the all-hidden input is the same for every row (so E[f] is shared). */
  readonly fixedBackground: boolean;
  /** True when {@link BoundMasker.clustering} is set (partition, text and image maskers). */
  readonly hasClustering: boolean;
  /** Feature names when they do not depend on the row. */
  readonly featureNames?: readonly string[];
  /** Model inputs per mask that `batchSize: 'auto'` should use (shap: Text 5, others 10). */
  readonly defaultBatchSize: number;
  bind(row: Row): BoundMasker<In>;
}
