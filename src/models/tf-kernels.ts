/**
 * Training kernels that TensorFlow.js's WASM backend (4.22) lacks, registered with
 * `tf.registerKernel`: without them it throws "Kernel 'Conv2DBackpropFilter' not registered"
 * on the first CNN gradient and "'UnsortedSegmentSum'" on the first Embedding gradient. Also
 * faster replacements of slow stock kernels (Conv2DBackpropInput, MaxPoolGrad, BatchMatMul
 * with transposes, Unpack); `restoreWasmKernels` undoes them. All are built from kernels the
 * backend does have (conv2d, transpose, matmul) or plain JS on the wasm heap, and agree with
 * the cpu backend (`tf-kernels.test.ts`); `bench/models/kernels.ts` measures them.
 */
import * as tf from '@tensorflow/tfjs';
import { KiteError } from '../core/index.js';
import { conv2dFilterGradMatMul, MATMUL_FILTER_GRAD_MAX_ROWS } from './conv-filter-grad.js';
import { maxPoolGrad, reverseOneAxis, unpack, type WasmHeap } from './heap-kernels.js';
import { tileInto } from './tile-kernel.js';

type Attrs = Record<string, unknown>;

/**
 * dW[kh, kw, ci, co] = Σ_{n, oh, ow} xPadded[n, oh·sh + kh, ow·sw + kw, ci] · dy[n, oh, ow, co]
 * is a convolution of x (channels as batch, batch as channels) with dy as the filter, dilated
 * by the forward stride; rows past the filter size are sliced off.
 */
function conv2dBackpropFilter(x: tf.Tensor4D, dy: tf.Tensor4D, attrs: Attrs): tf.Tensor4D {
  const filterShape = attrs.filterShape as [number, number, number, number];
  const strides = attrs.strides as [number, number] | number;
  const dataFormat = (attrs.dataFormat as 'NHWC' | 'NCHW' | undefined) ?? 'NHWC';
  if (dataFormat !== 'NHWC') {
    throw new KiteError(
      'UNSUPPORTED',
      'Conv2DBackpropFilter on wasm: only NHWC (channels last) is supported',
    );
  }
  const info = tf.backend_util.computeConv2DInfo(
    x.shape,
    filterShape,
    strides,
    1,
    attrs.pad as 'valid' | 'same' | number,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
  );
  const { top, bottom, left, right } = info.padInfo;
  if (filterShape[0] * filterShape[1] * filterShape[2] <= MATMUL_FILTER_GRAD_MAX_ROWS) {
    return conv2dFilterGradMatMul(x, dy, {
      filterHeight: info.filterHeight,
      filterWidth: info.filterWidth,
      strideHeight: info.strideHeight,
      strideWidth: info.strideWidth,
      padTop: top,
      padLeft: left,
      outHeight: info.outHeight,
      outWidth: info.outWidth,
    });
  }
  return tf.tidy(() => {
    const xT = tf.transpose(x, [3, 1, 2, 0]); // [Ci, H, W, N]
    const dyT = tf.transpose(dy, [1, 2, 0, 3]); // [OH, OW, N, Co]
    const full = tf.conv2d(
      xT,
      dyT,
      1,
      [
        [0, 0],
        [top, bottom],
        [left, right],
        [0, 0],
      ],
      'NHWC',
      [info.strideHeight, info.strideWidth],
    ); // [Ci, ≥KH, ≥KW, Co]
    const [kh, kw] = filterShape;
    const cut = full.slice([0, 0, 0, 0], [-1, kh, kw, -1]);
    return tf.transpose(cut, [1, 2, 0, 3]) as tf.Tensor4D;
  });
}

/**
 * dx is a stride-1 convolution of dy — dilated by the forward stride, padded by
 * (kernel − 1 − forward pad) — with the filter rotated 180° and its in/out channels swapped.
 * It runs on the backend's fast (XNNPACK) convolution instead of wasm's naive loop. Returns
 * undefined where that formula does not apply (NCHW, a pad larger than the kernel).
 */
function conv2dBackpropInput(dy: tf.Tensor4D, filter: tf.Tensor4D, attrs: Attrs): tf.Tensor4D | undefined {
  const inputShape = attrs.inputShape as [number, number, number, number];
  if (((attrs.dataFormat as string | undefined) ?? 'NHWC') !== 'NHWC') return undefined;
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    filter.shape,
    attrs.strides as [number, number] | number,
    1,
    attrs.pad as 'valid' | 'same' | number,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
  );
  const [, h, w] = inputShape;
  const [kh, kw] = filter.shape;
  const { strideHeight: sh, strideWidth: sw } = info;
  const pt = kh - 1 - info.padInfo.top;
  const pl = kw - 1 - info.padInfo.left;
  if (pt < 0 || pl < 0) return undefined;
  const [n, oh, ow, co] = dy.shape;
  const dh = (oh - 1) * sh + 1;
  const dw = (ow - 1) * sw + 1;
  const pb = Math.max(0, h + kh - 1 - dh - pt);
  const pr = Math.max(0, w + kw - 1 - dw - pl);
  return tf.tidy(() => {
    let dilated: tf.Tensor4D = dy;
    if (sh > 1 || sw > 1) {
      dilated = dy
        .reshape([n, oh, 1, ow, 1, co])
        .pad([
          [0, 0],
          [0, 0],
          [0, sh - 1],
          [0, 0],
          [0, sw - 1],
          [0, 0],
        ])
        .reshape([n, oh * sh, ow * sw, co])
        .slice([0, 0, 0, 0], [n, dh, dw, co]) as tf.Tensor4D;
    }
    const rotated = tf.reverse(filter, [0, 1]).transpose([0, 1, 3, 2]) as tf.Tensor4D;
    const full = tf.conv2d(dilated, rotated, 1, [
      [0, 0],
      [pt, pb],
      [pl, pr],
      [0, 0],
    ]);
    return full.slice([0, 0, 0, 0], [-1, h, w, -1]);
  });
}

/** Swaps the last two axes. */
function transposeLast2(t: tf.Tensor): tf.Tensor {
  const perm = t.shape.map((_, i) => i);
  const r = perm.length;
  [perm[r - 2], perm[r - 1]] = [perm[r - 1]!, perm[r - 2]!];
  return tf.transpose(t, perm);
}

/** Scatter-add of rows of `x` into `numSegments` rows by `segmentIds` (the Embedding gradient). */
function unsortedSegmentSum(x: tf.Tensor, segmentIds: tf.Tensor, numSegments: number): tf.Tensor {
  if (segmentIds.rank !== 1 || segmentIds.shape[0] !== x.shape[0]) {
    throw new KiteError(
      'UNSUPPORTED',
      `UnsortedSegmentSum on wasm: only 1-d segment ids over the first axis are supported (x ${x.shape}, ids ${segmentIds.shape})`,
    );
  }
  const inner = x.size / Math.max(1, x.shape[0]!);
  const values = x.dataSync();
  const ids = segmentIds.dataSync();
  const out = new Float32Array(numSegments * inner);
  for (let i = 0; i < ids.length; i++) {
    const s = ids[i]!;
    if (s < 0 || s >= numSegments) continue; // as TensorFlow: out-of-range ids are dropped
    const src = i * inner;
    const dst = s * inner;
    for (let k = 0; k < inner; k++) out[dst + k]! += values[src + k]!;
  }
  return tf.tensor(out, [numSegments, ...x.shape.slice(1)], 'float32');
}

/** The kernels {@link registerWasmTrainingKernels} adds (wasm 4.22 has none of them). */
export const WASM_TRAINING_KERNELS = ['Conv2DBackpropFilter', 'UnsortedSegmentSum'] as const;

/** Kernels that wasm has but computes slowly, which {@link registerWasmTrainingKernels} can replace. */
export const WASM_REPLACED_KERNELS = [
  'Conv2DBackpropInput',
  'MaxPoolGrad',
  'BatchMatMul',
  'Unpack',
  'Reverse',
  'Tile',
  'Identity',
] as const;

export interface WasmKernelOptions {
  /** Replace the slow kernels in {@link WASM_REPLACED_KERNELS}; default true. */
  replaceSlow?: boolean;
}

const originals = new Map<string, tf.KernelFunc>();

/** Puts wasm's own kernels back (undoes the replacements; for benchmarks and tests). */
export function restoreWasmKernels(): void {
  for (const [kernelName, kernelFunc] of originals) {
    tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
  }
  originals.clear();
}

function replace(kernelName: string, make: (stock: tf.KernelFunc) => tf.KernelFunc): boolean {
  const stock = tf.getKernel(kernelName, 'wasm');
  if (!stock || originals.has(kernelName)) return false;
  originals.set(kernelName, stock.kernelFunc);
  tf.unregisterKernel(kernelName, 'wasm');
  tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: make(stock.kernelFunc) });
  return true;
}

/**
 * Registers the missing training kernels for the `wasm` backend (idempotent). Returns the
 * names of the kernels it registered.
 */
export function registerWasmTrainingKernels(options: WasmKernelOptions = {}): string[] {
  const added: string[] = [];
  if (options.replaceSlow ?? true) {
    const replacedInput = replace('Conv2DBackpropInput', (fallback) => (args) => {
      const { dy, filter } = args.inputs as { dy: tf.Tensor4D; filter: tf.Tensor4D };
      const fast = tf.tidy(() => conv2dBackpropInput(asTensor(dy), asTensor(filter), args.attrs as Attrs));
      return fast ?? fallback(args);
    });
    if (replacedInput) added.push('Conv2DBackpropInput (replaced)');
    const replacedPool = replace('MaxPoolGrad', (fallback) => (args) => {
      const dtype = (args.inputs.input as tf.TensorInfo).dtype;
      return dtype === 'float32' ? maxPoolGrad(args as never) : fallback(args);
    });
    if (replacedPool) added.push('MaxPoolGrad (replaced)');
    // wasm's matmul is fast only without transposes (7× slower with, per the shared notes), and
    // gradients always transpose: transpose explicitly, then multiply plainly.
    const replacedMatMul = replace('BatchMatMul', (stock) => (args) => {
      const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
      if (!transposeA && !transposeB) return stock(args);
      const { a, b } = args.inputs as { a: tf.Tensor; b: tf.Tensor };
      return tf.tidy(() => {
        const a2 = transposeA ? transposeLast2(asTensor(a)) : asTensor(a);
        const b2 = transposeB ? transposeLast2(asTensor(b)) : asTensor(b);
        return tf.matMul(a2, b2);
      });
    });
    if (replacedMatMul) added.push('BatchMatMul (replaced)');
    const replacedUnpack = replace('Unpack', (stock) => (args) => {
      const dtype = (args.inputs.value as tf.TensorInfo).dtype;
      return dtype === 'float32' || dtype === 'int32' ? unpack(args as never) : stock(args);
    });
    if (replacedUnpack) added.push('Unpack (replaced)');
    const replacedReverse = replace(
      'Reverse',
      (stock) => (args) => reverseOneAxis(args as never) ?? stock(args),
    );
    if (replacedReverse) added.push('Reverse (replaced)');
    const replacedTile = replace('Tile', (stock) => (args) => {
      const heap = args.backend as WasmHeap;
      const x = args.inputs.x as tf.TensorInfo;
      const reps = (args.attrs as Attrs).reps as number[];
      if ((x.dtype !== 'float32' && x.dtype !== 'int32') || reps.length !== x.shape.length)
        return stock(args);
      const out = heap.makeOutput(
        x.shape.map((d, i) => d * reps[i]!),
        x.dtype,
      );
      if (x.shape.every((d) => d > 0) && reps.every((r) => r > 0)) {
        tileInto(heap.typedArrayFromHeap(x), x.shape, reps, heap.typedArrayFromHeap(out));
      }
      return out;
    });
    if (replacedTile) added.push('Tile (replaced)');
    // wasm's Identity copies the tensor (tfjs-layers and the gradient tape call it ~70 times per
    // CNN training step); cpu and webgl share the data with a reference count, and so does this.
    const replacedIdentity = replace('Identity', (stock) => (args) => {
      const x = args.inputs.x as tf.TensorInfo;
      if (x.dtype === 'string') return stock(args);
      (args.backend as { incRef(dataId: unknown): void }).incRef(x.dataId);
      return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
    });
    if (replacedIdentity) added.push('Identity (replaced)');
  }
  const register = (kernelName: string, kernelFunc: tf.KernelFunc): void => {
    if (tf.getKernel(kernelName, 'wasm')) return;
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
    added.push(kernelName);
  };
  register('Conv2DBackpropFilter', ({ inputs, attrs }) => {
    const { x, dy } = inputs as { x: tf.Tensor4D; dy: tf.Tensor4D };
    return tf.tidy(() => conv2dBackpropFilter(asTensor(x), asTensor(dy), attrs as Attrs));
  });
  register('UnsortedSegmentSum', ({ inputs, attrs }) => {
    const { x, segmentIds } = inputs as { x: tf.Tensor; segmentIds: tf.Tensor };
    return tf.tidy(() =>
      unsortedSegmentSum(asTensor(x), asTensor(segmentIds), (attrs as Attrs).numSegments as number),
    );
  });
  return added;
}

/** Kernel inputs may be bare TensorInfos; wrap one as a Tensor sharing its data (no copy; the caller's tidy disposes the wrapper). */
function asTensor<T extends tf.Tensor>(info: tf.TensorInfo | T): T {
  if (info instanceof tf.Tensor) return info as T;
  return tf.engine().makeTensorFromTensorInfo(info) as T;
}
