/**
 * The dataset abstraction every loader returns: a sized collection read a batch of indices at
 * a time, so a loader can decode lazily (image folders) or slice memory (IDX), and training
 * code streams batches without holding decoded data for the whole set.
 */
import { KiteError } from '../core/index.js';
import { createRng, shuffled } from '../stats/index.js';

/**
 * A sized, indexable collection of examples.
 *
 * @example
 * ```ts
 * const ds = await loadIdx({ images: 'train-images-idx3-ubyte.gz', labels: 'train-labels-idx1-ubyte.gz' });
 * for await (const batch of batches(ds, { batchSize: 64, shuffle: true, seed: 1 })) train(batch);
 * ```
 */
export interface Dataset<E> {
  readonly size: number;
  /** Reads the examples at `indices` (in that order). */
  read(indices: readonly number[]): Promise<E[]>;
  /** The class index of example `i` without decoding it, where cheap; enables stratified splits. */
  labelOf?(index: number): number;
  /** Class names, index = label, for classification datasets. */
  readonly classes?: readonly string[];
}

/** A dataset from an array already in memory. */
export function fromArray<E>(
  items: readonly E[],
  options: { labelOf?: (e: E) => number; classes?: readonly string[] } = {},
): Dataset<E> {
  const { labelOf, classes } = options;
  return {
    size: items.length,
    read: async (indices) => indices.map((i) => items[i]!),
    ...(labelOf ? { labelOf: (i: number) => labelOf(items[i]!) } : {}),
    ...(classes ? { classes } : {}),
  };
}

/** A view of `ds` holding only `indices` (in that order). */
export function subset<E>(ds: Dataset<E>, indices: readonly number[]): Dataset<E> {
  const map = indices.slice();
  for (const i of map) {
    if (!(Number.isInteger(i) && i >= 0 && i < ds.size)) {
      throw new KiteError('INVALID_ARGUMENT', `subset: index ${i} is outside the dataset (size ${ds.size})`);
    }
  }
  const { labelOf, classes } = ds;
  return {
    size: map.length,
    read: (idx) => ds.read(idx.map((i) => map[i]!)),
    ...(labelOf ? { labelOf: (i: number) => labelOf.call(ds, map[i]!) } : {}),
    ...(classes ? { classes } : {}),
  };
}

export interface BatchOptions {
  batchSize: number;
  /** Shuffle the order (seeded); default false. */
  shuffle?: boolean;
  /** Seed of the shuffle; required when `shuffle` is true. */
  seed?: number;
  /** Epoch number: each epoch gets its own order from the same seed; default 0. */
  epoch?: number;
  /** Drop a last batch smaller than `batchSize`; default false. */
  dropLast?: boolean;
}

/** The order of example indices for one epoch (seeded permutation or 0..n-1). */
export function epochOrder(
  size: number,
  options: Omit<BatchOptions, 'batchSize' | 'dropLast'> = {},
): number[] {
  const order = Array.from({ length: size }, (_, i) => i);
  if (!options.shuffle) return order;
  if (options.seed === undefined) {
    throw new KiteError('INVALID_ARGUMENT', 'shuffle needs a seed, so that runs can be repeated', {
      hint: 'pass { shuffle: true, seed: <integer> }',
    });
  }
  return shuffled(order, createRng(options.seed * 7919 + (options.epoch ?? 0)));
}

/**
 * Streams `ds` in batches. Only one batch is decoded at a time.
 *
 * @example
 * ```ts
 * for await (const batch of batches(ds, { batchSize: 32, shuffle: true, seed: 7, epoch })) { ... }
 * ```
 */
export async function* batches<E>(ds: Dataset<E>, options: BatchOptions): AsyncGenerator<E[]> {
  const { batchSize } = options;
  if (!(Number.isInteger(batchSize) && batchSize > 0)) {
    throw new KiteError('INVALID_ARGUMENT', `batchSize must be a positive integer, got ${batchSize}`);
  }
  if (ds.size === 0) throw new KiteError('INVALID_DATA', 'the dataset is empty: there is nothing to iterate');
  const order = epochOrder(ds.size, options);
  for (let start = 0; start < order.length; start += batchSize) {
    const idx = order.slice(start, start + batchSize);
    if (options.dropLast && idx.length < batchSize) break;
    const batch = await ds.read(idx);
    if (batch.length > 0) yield batch;
  }
}

export interface SplitOptions {
  /** Fractions of the parts, summing to at most 1, e.g. `[0.8, 0.1, 0.1]`. */
  fractions: readonly number[];
  seed: number;
  /** Keep class proportions in every part (needs `ds.labelOf`); default true when available. */
  stratify?: boolean;
}

/**
 * Splits a dataset into disjoint parts with a seeded shuffle (stratified by class when the
 * dataset knows its labels). Part sizes are rounded down; the remainder joins the first part.
 *
 * @example
 * ```ts
 * const [train, validation] = splitDataset(full, { fractions: [0.9, 0.1], seed: 42 });
 * ```
 */
export function splitDataset<E>(ds: Dataset<E>, options: SplitOptions): Dataset<E>[] {
  return splitIndices(ds.size, { ...options, labelOf: ds.labelOf?.bind(ds) }).map((idx) => subset(ds, idx));
}

/** The index lists of {@link splitDataset}. */
export function splitIndices(
  size: number,
  options: SplitOptions & { labelOf?: ((i: number) => number) | undefined },
): number[][] {
  const { fractions, seed } = options;
  const total = fractions.reduce((s, f) => s + f, 0);
  if (fractions.length === 0 || fractions.some((f) => !(f >= 0)) || total > 1 + 1e-9) {
    throw new KiteError(
      'INVALID_ARGUMENT',
      `split fractions must be ≥ 0 and sum to at most 1, got [${fractions}]`,
    );
  }
  const rng = createRng(seed);
  const groups = new Map<number, number[]>();
  const stratify = (options.stratify ?? true) && options.labelOf !== undefined;
  for (let i = 0; i < size; i++) {
    const key = stratify ? options.labelOf!(i) : 0;
    const g = groups.get(key);
    if (g) g.push(i);
    else groups.set(key, [i]);
  }
  const parts: number[][] = fractions.map(() => []);
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const members = shuffled(groups.get(key)!, rng);
    const counts = fractions.map((f) => Math.floor(f * members.length));
    if (total > 1 - 1e-9) counts[0]! += members.length - counts.reduce((s, c) => s + c, 0);
    let at = 0;
    counts.forEach((c, p) => {
      parts[p]!.push(...members.slice(at, at + c));
      at += c;
    });
  }
  return parts.map((p) => shuffled(p, rng));
}
