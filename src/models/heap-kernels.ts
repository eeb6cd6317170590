/**
 * wasm kernels written in plain JS on the wasm heap (no copies in or out): max-pool gradient,
 * Unpack and single-axis Reverse. Registered by `registerWasmTrainingKernels` (`tf-kernels.ts`).
 */
import * as tf from '@tensorflow/tfjs';

type Attrs = Record<string, unknown>;

/** The slice of the wasm backend that the heap-level kernels use. */
export interface WasmHeap {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array;
}

/**
 * Max-pool gradient working on the wasm heap directly (no copies): each output's gradient
 * goes to the first maximum of its window (in row-major window order), as TensorFlow does.
 */
export function maxPoolGrad(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs: Attrs;
}): tf.TensorInfo {
  const heap = args.backend as WasmHeap;
  const { dy, input } = args.inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    args.attrs.filterSize as [number, number] | number,
    args.attrs.strides as [number, number] | number,
    1,
    args.attrs.pad as 'valid' | 'same' | number,
    args.attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
  );
  const dxInfo = heap.makeOutput([...input.shape], 'float32');
  const x = heap.typedArrayFromHeap(input);
  const g = heap.typedArrayFromHeap(dy);
  const dx = heap.typedArrayFromHeap(dxInfo);
  dx.fill(0);
  const { batchSize: nb, inHeight: ih, inWidth: iw, inChannels: c, outHeight: oh, outWidth: ow } = info;
  const { strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info;
  const { top, left } = info.padInfo;
  // Channel loop outside the window loop, so that best/at stay in registers (no per-pixel
  // scratch arrays to reset): 2× faster than window-outer at 2×2 pools.
  for (let n = 0; n < nb; n++) {
    for (let y = 0; y < oh; y++) {
      const y0 = Math.max(0, y * sh - top);
      const y1 = Math.min(ih, y * sh - top + fh);
      for (let xo = 0; xo < ow; xo++) {
        const x0 = Math.max(0, xo * sw - left);
        const x1 = Math.min(iw, xo * sw - left + fw);
        const gBase = ((n * oh + y) * ow + xo) * c;
        for (let k = 0; k < c; k++) {
          let best = Number.NEGATIVE_INFINITY;
          let at = -1;
          for (let yy = y0; yy < y1; yy++) {
            for (let xx = x0; xx < x1; xx++) {
              const i = ((n * ih + yy) * iw + xx) * c + k;
              const v = x[i]!;
              if (v > best || at === -1) {
                best = v;
                at = i;
              }
            }
          }
          if (at >= 0) dx[at] = dx[at]! + g[gBase + k]!;
        }
      }
    }
  }
  return dxInfo;
}

/**
 * Unpack (split along an axis into slices) in one pass over the heap: wasm's own copies the
 * whole input once per slice, which is what RNNs do on every step of every sequence.
 */
export function unpack(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs: Attrs;
}): tf.TensorInfo[] {
  const heap = args.backend as WasmHeap;
  const { value } = args.inputs as { value: tf.TensorInfo };
  const rank = value.shape.length;
  const axis = ((args.attrs.axis as number) + rank) % rank;
  const n = value.shape[axis]!;
  const outer = value.shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = value.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const outShape = value.shape.filter((_, i) => i !== axis);
  const src = heap.typedArrayFromHeap(value);
  const outs: tf.TensorInfo[] = [];
  for (let i = 0; i < n; i++) {
    const info = heap.makeOutput(outShape, value.dtype);
    const dst = heap.typedArrayFromHeap(info);
    for (let o = 0; o < outer; o++) {
      const from = (o * n + i) * inner;
      dst.set(src.subarray(from, from + inner), o * inner);
    }
    outs.push(info);
  }
  return outs;
}

/** Reverse along one axis in one pass over the heap (bidirectional RNNs reverse every sequence). */
export function reverseOneAxis(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs: Attrs;
}): tf.TensorInfo | undefined {
  const heap = args.backend as WasmHeap;
  const { x } = args.inputs as { x: tf.TensorInfo };
  const rank = x.shape.length;
  const dims = args.attrs.dims as number | number[];
  const axes = (Array.isArray(dims) ? dims : [dims]).map((d) => (d + rank) % rank);
  if (rank === 0 || axes.length !== 1 || (x.dtype !== 'float32' && x.dtype !== 'int32')) return undefined;
  const axis = axes[0]!;
  const n = x.shape[axis]!;
  const outer = x.shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = x.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const out = heap.makeOutput([...x.shape], x.dtype);
  const src = heap.typedArrayFromHeap(x);
  const dst = heap.typedArrayFromHeap(out);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < n; i++) {
      const from = (o * n + i) * inner;
      dst.set(src.subarray(from, from + inner), (o * n + (n - 1 - i)) * inner);
    }
  }
  return out;
}
