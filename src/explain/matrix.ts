/**
 * Dense row-major matrices, the batch format handed to models that prefer typed arrays
 * (TensorFlow.js: `tf.tensor2d(batch.data, [batch.rows, batch.cols])`).
 */
import { KiteError } from '../core/index.js';

/** A row-major matrix over a typed array. */
export interface DenseMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array | Float32Array;
}

/** Anything Kite accepts as a matrix of numbers. */
export type MatrixLike = readonly (readonly number[])[] | DenseMatrix;

/** True when `value` is a {@link DenseMatrix}. */
export function isDenseMatrix(value: unknown): value is DenseMatrix {
  return (
    typeof value === 'object' &&
    value !== null &&
    'data' in value &&
    'rows' in value &&
    'cols' in value &&
    ArrayBuffer.isView((value as DenseMatrix).data)
  );
}

/**
 * Copies any matrix-like value into a Float64 {@link DenseMatrix}, checking that rows are
 * rectangular and numeric. `what` names the argument in error messages.
 */
export function toDense(value: MatrixLike, what = 'data'): DenseMatrix {
  if (isDenseMatrix(value)) {
    if (value.data.length !== value.rows * value.cols) {
      throw new KiteError(
        'INVALID_ARGUMENT',
        `${what}: a ${value.rows}×${value.cols} matrix needs ${value.rows * value.cols} values, got ${value.data.length}`,
      );
    }
    return { rows: value.rows, cols: value.cols, data: Float64Array.from(value.data) };
  }
  if (!Array.isArray(value))
    throw new KiteError('INVALID_ARGUMENT', `${what}: expected a matrix (rows of numbers)`);
  const rows = value.length;
  const cols = rows > 0 ? (value[0] as readonly number[]).length : 0;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = value[i] as readonly number[];
    if (!Array.isArray(row) || row.length !== cols) {
      throw new KiteError(
        'INVALID_ARGUMENT',
        `${what}[${i}]: expected ${cols} values like row 0, got ${Array.isArray(row) ? row.length : typeof row}`,
        { hint: 'every row must have the same number of features' },
      );
    }
    for (let j = 0; j < cols; j++) {
      const v = row[j];
      if (typeof v !== 'number') {
        throw new KiteError('INVALID_ARGUMENT', `${what}[${i}][${j}]: expected a number, got ${typeof v}`);
      }
      data[i * cols + j] = v;
    }
  }
  return { rows, cols, data };
}

/** Row `i` of a dense matrix as a view (no copy). */
export function rowOf(m: DenseMatrix, i: number): Float64Array | Float32Array {
  return m.data.subarray(i * m.cols, (i + 1) * m.cols);
}

/** Nested arrays from a dense matrix. */
export function toArrays(m: DenseMatrix): number[][] {
  const out: number[][] = new Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = Array.from(rowOf(m, i));
  return out;
}
