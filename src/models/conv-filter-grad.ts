/**
 * The convolution filter gradient as one matrix product over an im2col matrix, for layers with
 * few input channels (a CNN's first layer). There the convolution form of the gradient (see
 * `conv2dBackpropFilter` in `tf-kernels.ts`) has only KH·KW·Ci output pixels, too few rows for
 * XNNPACK's tiles: a 28×28×1 → 32 layer's filter gradient took 2.3× its forward convolution.
 * As a matrix product the same sum is a short, wide GEMM that the wasm matmul runs at full speed.
 */
import * as tf from '@tensorflow/tfjs';

/** Geometry of a 2-d convolution (the fields of tfjs's `Conv2DInfo` this needs). */
export interface FilterGradGeometry {
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padLeft: number;
  outHeight: number;
  outWidth: number;
}

/**
 * Filter gradients with KH·KW·Ci at most this use {@link conv2dFilterGradMatMul}; larger ones
 * keep the convolution form, which needs no im2col copy and is as fast there.
 */
export const MATMUL_FILTER_GRAD_MAX_ROWS = 64;

/**
 * im2col, transposed: row (kh·KW + kw)·Ci + ci holds, for every output position
 * m = (n, oh, ow), the input value under filter tap (kh, kw, ci) (0 in the padding).
 * x is NHWC `[n, h, w, ci]`; the result is `[KH·KW·Ci, N·OH·OW]`, row-major.
 */
export function im2colTransposed(
  x: ArrayLike<number>,
  shape: readonly number[],
  g: FilterGradGeometry,
): Float32Array {
  const [n, h, w, ci] = shape as [number, number, number, number];
  const {
    filterHeight: kh,
    filterWidth: kw,
    strideHeight: sh,
    strideWidth: sw,
    outHeight: oh,
    outWidth: ow,
  } = g;
  const m = n * oh * ow;
  const out = new Float32Array(kh * kw * ci * m); // zero-filled: the padding stays 0
  for (let fy = 0; fy < kh; fy++) {
    for (let fx = 0; fx < kw; fx++) {
      // Output columns whose input column iw = ox·sw − padLeft + fx lies inside [0, w).
      const oxFrom = Math.max(0, Math.ceil((g.padLeft - fx) / sw));
      const oxTo = Math.min(ow, Math.floor((w - 1 + g.padLeft - fx) / sw) + 1);
      for (let c = 0; c < ci; c++) {
        const row = ((fy * kw + fx) * ci + c) * m;
        for (let b = 0; b < n; b++) {
          for (let oy = 0; oy < oh; oy++) {
            const iy = oy * sh - g.padTop + fy;
            if (iy < 0 || iy >= h) continue;
            const dst = row + (b * oh + oy) * ow;
            let src = ((b * h + iy) * w + (oxFrom * sw - g.padLeft + fx)) * ci + c;
            const step = sw * ci;
            for (let ox = oxFrom; ox < oxTo; ox++, src += step) out[dst + ox] = x[src]!;
          }
        }
      }
    }
  }
  return out;
}

/**
 * dW[kh, kw, ci, co] = Σ_m im2colᵀ[(kh, kw, ci), m] · dy[m, co]: one `[KH·KW·Ci, M] × [M, Co]`
 * product (no transposes, which wasm's matmul handles slowly). Returns the filter gradient
 * `[KH, KW, Ci, Co]`.
 */
export function conv2dFilterGradMatMul(x: tf.Tensor4D, dy: tf.Tensor4D, g: FilterGradGeometry): tf.Tensor4D {
  const [n, , , ci] = x.shape;
  const co = dy.shape[3];
  const m = n * g.outHeight * g.outWidth;
  const rows = g.filterHeight * g.filterWidth * ci;
  const cols = im2colTransposed(x.dataSync(), x.shape, g);
  return tf.tidy(() =>
    tf
      .matMul(tf.tensor2d(cols, [rows, m]), dy.reshape([m, co]))
      .reshape([g.filterHeight, g.filterWidth, ci, co]),
  );
}
