/**
 * Background masker for rows of mixed values — numbers, strings (categories) and `null`
 * (missing) — for models that take such rows as they are (shap's kernel explainer accepts
 * object arrays the same way). Equality follows shap's `not_equal`: numbers with `allclose`
 * (NaN equals NaN), everything else with `===`, and `null` equals NaN.
 */
import { KiteError } from '../../core/index.js';
import type { BoundMasker, Masker } from '../masker.js';
import { sameValue, sampleBackground, type TabularMaskerOptions } from './tabular.js';

/** One cell of a mixed row. */
export type Value = number | string | null;

/** shap's equality of two cells. */
export function sameCell(a: Value, b: Value): boolean {
  const missing = (v: Value) => v === null || (typeof v === 'number' && Number.isNaN(v));
  if (missing(a) || missing(b)) return missing(a) && missing(b);
  if (typeof a === 'number' && typeof b === 'number') return sameValue(a, b);
  return a === b;
}

/** True when every cell of `rows` is a number (then the numeric maskers apply). */
export function allNumeric(rows: readonly (readonly unknown[])[]): boolean {
  return rows.every((r) => r.every((v) => typeof v === 'number'));
}

/**
 * Masks rows of mixed values with background rows; batches are `Value[][]`.
 *
 * @example
 * ```ts
 * const masker = new ValuesMasker([['red', 1], ['blue', 0]]);
 * masker.bind(['green', 3]).build(Uint8Array.of(1, 0), 1); // [['green', 1], ['green', 0]]
 * ```
 */
export class ValuesMasker implements Masker<readonly Value[], Value[][]> {
  readonly kind = 'independent' as const;
  readonly fixedBackground = true;
  readonly hasClustering = false;
  readonly defaultBatchSize = 10;
  readonly format = 'values' as const;
  readonly background: Value[][];
  readonly weights: Float64Array;
  readonly featureNames: readonly string[] | undefined;

  constructor(data: readonly (readonly Value[])[], options: TabularMaskerOptions = {}) {
    if (!Array.isArray(data) || data.length === 0)
      throw new KiteError('INVALID_ARGUMENT', 'background: needs at least one row');
    const P = (data[0] as readonly Value[]).length;
    data.forEach((r, i) => {
      if (!Array.isArray(r) || r.length !== P) {
        throw new KiteError('INVALID_ARGUMENT', `background[${i}]: expected ${P} values like row 0`);
      }
      r.forEach((v, j) => {
        if (v !== null && typeof v !== 'number' && typeof v !== 'string') {
          throw new KiteError(
            'INVALID_ARGUMENT',
            `background[${i}][${j}]: expected a number, string or null, got ${typeof v}`,
          );
        }
      });
    });
    let rows = data.map((r) => [...r]);
    const { keep, weights } = sampleBackground(rows.length, options);
    if (keep) rows = keep.map((i) => rows[i] as Value[]);
    if (options.featureNames && options.featureNames.length !== P) {
      throw new KiteError(
        'INVALID_ARGUMENT',
        `featureNames: ${options.featureNames.length} names for ${P} features`,
      );
    }
    this.background = rows;
    this.weights = weights;
    this.featureNames = options.featureNames;
  }

  /** Number of features. */
  get size(): number {
    return (this.background[0] as Value[]).length;
  }

  bind(row: readonly Value[]): BoundMasker<Value[][]> {
    const P = this.size;
    if (!Array.isArray(row) || row.length !== P) {
      throw new KiteError(
        'INVALID_ARGUMENT',
        `row has ${Array.isArray(row) ? row.length : 'no'} features, the background has ${P}`,
      );
    }
    const bg = this.background;
    const N = bg.length;
    const invariants = new Uint8Array(N * P);
    bg.forEach((b, r) => {
      for (let j = 0; j < P; j++) invariants[r * P + j] = sameCell(row[j] as Value, b[j] as Value) ? 1 : 0;
    });
    const buildRows = (masks: Uint8Array, count: number, keep?: Uint8Array): Value[][] => {
      const out: Value[][] = [];
      for (let k = 0; k < count; k++) {
        for (let r = 0; r < N; r++) {
          if (keep && !keep[k * N + r]) continue;
          const b = bg[r] as Value[];
          out.push(b.map((v, j) => (masks[k * P + j] ? (row[j] as Value) : v)));
        }
      }
      return out;
    };
    return {
      size: P,
      rowsPerMask: N,
      weights: this.weights,
      build: (masks, count) => buildRows(masks, count),
      buildRows,
      invariants,
      varying: () =>
        Array.from({ length: P }, (_, j) => j).filter((j) => bg.some((_, r) => !invariants[r * P + j])),
      data: row.map((v) => (v === null ? Number.NaN : v)),
      ...(this.featureNames ? { featureNames: this.featureNames } : {}),
    };
  }
}
