/**
 * One small matrix product repeated many times with the same right-hand matrix: the recurrent
 * term of an RNN, `out = a · w` with `a` of shape [rows, inner] once per time step.
 *
 * Through tfjs, each step costs two tensor uploads, a read-back and half a dozen engine
 * bookkeeping calls around a product that takes microseconds; over 100 steps, two directions
 * and the backward pass that overhead was most of an LSTM training step on WASM. On the WASM
 * backend this calls the backend's own XNNPACK `BatchMatMul` (and `Sigmoid`) directly on three
 * buffers allocated once on the wasm heap: the caller writes `a` into {@link StepMatMul.input},
 * and reads the result from the returned view, with no tensor made per step. On any other
 * backend the same interface runs ordinary tfjs ops.
 *
 * Views into the wasm heap are taken again after every call: memory growth inside a kernel
 * would detach older views.
 */
import * as tf from '@tensorflow/tfjs';

/** A product with a fixed right-hand matrix; dispose when the sequence is done. */
export interface StepMatMul {
  /** Where to write `a` ([rows, inner], row-major) before {@link StepMatMul.multiply}. */
  input(): Float32Array;
  /** `a · w`, [rows, cols]; valid until the next call. */
  multiply(): Float32Array;
  /**
   * `σ(a · w + add)` ([rows, cols]; `add` of the same size); valid until the next call.
   * Used by the LSTM for its four gates at once.
   */
  multiplyAddSigmoid(add: Float32Array): Float32Array;
  dispose(): void;
}

interface WasmModule {
  cwrap(name: string, ret: null, args: string[]): (...args: unknown[]) => void;
}

interface WasmBackendLike {
  wasm: WasmModule;
  dataIdMap: { get(dataId: unknown): { id: number } };
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
  disposeData(dataId: unknown): boolean;
}

let cached:
  | { backend: unknown; matmul: (...a: unknown[]) => void; sigmoid: (...a: unknown[]) => void }
  | undefined;

function wasmFunctions(backend: WasmBackendLike) {
  if (cached?.backend !== backend) {
    cached = {
      backend,
      // The signatures of tfjs-backend-wasm 4.22's exported kernels (dist/kernels/BatchMatMul.js,
      // Sigmoid.js): ids of registered tensors, shapes as int32 bytes.
      matmul: backend.wasm.cwrap('BatchMatMul', null, [
        'number',
        'array',
        'number',
        'number',
        'array',
        'number',
        'number',
        'number',
        'number',
      ]),
      sigmoid: backend.wasm.cwrap('Sigmoid', null, ['number', 'number']),
    };
  }
  return cached;
}

function shapeBytes(shape: number[]): Uint8Array {
  return new Uint8Array(new Int32Array(shape).buffer);
}

function wasmStepMatMul(backend: WasmBackendLike, w: tf.Tensor2D, rows: number): StepMatMul {
  const [inner, cols] = w.shape;
  const fns = wasmFunctions(backend);
  const a = backend.makeOutput([rows, inner], 'float32');
  const z = backend.makeOutput([rows, cols], 'float32');
  const s = backend.makeOutput([rows, cols], 'float32');
  const id = (info: { dataId: unknown }) => backend.dataIdMap.get(info.dataId).id;
  const [aId, zId, sId, wId] = [id(a), id(z), id(s), id(w)];
  const aShape = shapeBytes([1, rows, inner]);
  const wShape = shapeBytes([1, inner, cols]);
  const multiply = () => {
    fns.matmul(aId, aShape, 3, wId, wShape, 3, 0, 0, zId);
    return backend.typedArrayFromHeap(z);
  };
  return {
    input: () => backend.typedArrayFromHeap(a),
    multiply,
    multiplyAddSigmoid(add) {
      const out = multiply();
      for (let i = 0; i < out.length; i++) out[i]! += add[i]!;
      fns.sigmoid(zId, sId);
      return backend.typedArrayFromHeap(s);
    },
    dispose() {
      for (const info of [a, z, s]) backend.disposeData(info.dataId);
    },
  };
}

function genericStepMatMul(w: tf.Tensor2D, rows: number): StepMatMul {
  const [inner, cols] = w.shape;
  const a = new Float32Array(rows * inner);
  const run = (fn: () => tf.Tensor) => {
    const t = tf.tidy(fn);
    const values = t.dataSync() as Float32Array;
    t.dispose();
    return values;
  };
  const product = () => tf.matMul(tf.tensor2d(a, [rows, inner]), w);
  return {
    input: () => a,
    multiply: () => run(product),
    multiplyAddSigmoid: (add) => run(() => tf.sigmoid(product().add(tf.tensor2d(add, [rows, cols])))),
    dispose() {},
  };
}

/** An element-wise sigmoid over a fixed-size buffer, reused every step. */
export interface StepSigmoid {
  /** Where to write the `n` inputs. */
  input(): Float32Array;
  /** σ of the inputs; valid until the next call. */
  run(): Float32Array;
  dispose(): void;
}

/**
 * A {@link StepSigmoid} of `n` values: one wasm (XNNPACK, vectorised) call per step on the wasm
 * backend, where `Math.tanh`/`Math.exp` per element cost far more; plain JS elsewhere.
 */
export function createStepSigmoid(n: number): StepSigmoid {
  const b = directWasmBackend();
  if (b) {
    const fns = wasmFunctions(b);
    const x = b.makeOutput([n], 'float32');
    const y = b.makeOutput([n], 'float32');
    const xId = b.dataIdMap.get(x.dataId).id;
    const yId = b.dataIdMap.get(y.dataId).id;
    return {
      input: () => b.typedArrayFromHeap(x),
      run() {
        fns.sigmoid(xId, yId);
        return b.typedArrayFromHeap(y);
      },
      dispose() {
        b.disposeData(x.dataId);
        b.disposeData(y.dataId);
      },
    };
  }
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  return {
    input: () => x,
    run() {
      for (let i = 0; i < n; i++) y[i] = 1 / (1 + Math.exp(-x[i]!));
      return y;
    },
    dispose() {},
  };
}

/** For benchmarks: `useTfjsOps` makes every backend take the plain tfjs path. */
export const stepMatMulOptions = { useTfjsOps: false };

/**
 * A {@link StepMatMul} for `w` (which must stay alive until `dispose`) and `rows` rows of `a`.
 *
 * @example
 * ```ts
 * const step = createStepMatMul(recurrentKernel, batch);
 * step.input().set(h);
 * const gates = step.multiplyAddSigmoid(inputTerm);
 * step.dispose();
 * ```
 */
export function createStepMatMul(w: tf.Tensor2D, rows: number): StepMatMul {
  const backend = directWasmBackend();
  return backend ? wasmStepMatMul(backend, w, rows) : genericStepMatMul(w, rows);
}

/** The wasm backend when the direct-call paths apply (wasm in use, not switched off). */
function directWasmBackend(): WasmBackendLike | undefined {
  if (stepMatMulOptions.useTfjsOps || tf.getBackend() !== 'wasm') return undefined;
  const backend = tf.backend() as unknown as Partial<WasmBackendLike>;
  return backend.wasm && backend.makeOutput && backend.typedArrayFromHeap
    ? (backend as WasmBackendLike)
    : undefined;
}
