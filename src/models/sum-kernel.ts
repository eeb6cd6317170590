/**
 * A faster wasm `Sum` for the reduction that every bias gradient does: summing a
 * `[n, h, w, c]` (or `[n, t, c]`, `[n, c]`) tensor over all axes but the last. wasm 4.22 first
 * transposes the reduced axes to the end (a full copy) and then sums; a `[1, R] × [R, C]`
 * product with a row of ones reads the input once on the fast matmul: 16× faster on a
 * 64×28×28×32 activation gradient (bench/models/RESULTS.md).
 */
import * as tf from '@tensorflow/tfjs';

/** Below this many summed rows the stock kernel is as fast. */
export const SUM_AS_MATMUL_MIN_ROWS = 1024;

/**
 * Σ over every axis but the last, as a matrix product; `undefined` where that does not apply
 * (other axes, a non-float dtype, few rows), for the caller to use the stock kernel.
 */
export function sumLeadingAxes(
  x: tf.Tensor,
  axis: number | number[] | null | undefined,
  keepDims: boolean,
): tf.Tensor | undefined {
  const rank = x.rank;
  // axis null = every axis (tf.sum(x)); without this check it was read as axis 0.
  if (axis == null || x.dtype !== 'float32' || rank < 2) return undefined;
  const axes = [...new Set((Array.isArray(axis) ? axis : [axis]).map((a) => (a + rank) % rank))].sort(
    (a, b) => a - b,
  );
  if (axes.length !== rank - 1 || axes.some((a, i) => a !== i)) return undefined;
  const c = x.shape[rank - 1]!;
  const rows = c === 0 ? 0 : x.size / c;
  if (rows < SUM_AS_MATMUL_MIN_ROWS) return undefined;
  return tf.tidy(() => {
    const sum = tf.matMul(tf.ones([1, rows]), x.reshape([rows, c]));
    return sum.reshape(keepDims ? [...axes.map(() => 1), c] : [c]);
  });
}
