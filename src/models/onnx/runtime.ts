/**
 * Inference on ONNX Runtime (`onnxruntime-node`), an optional engine: it is imported on first
 * use, and when it is not installed the error says how to install it. Kite types only the
 * small part of its API it calls, so Kite builds without it.
 */
import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { KiteError } from '../../core/index.js';

/** The package and version Kite is tested with. */
export const ONNXRUNTIME_PACKAGE = 'onnxruntime-node@1.30.0';
/**
 * How to install it: the variable stops its install script from downloading the CUDA provider
 * from api.nuget.org (which fails offline); the CPU runtime is inside the npm package.
 */
export const ONNXRUNTIME_INSTALL = `ONNXRUNTIME_NODE_INSTALL=skip npm install ${ONNXRUNTIME_PACKAGE}`;

interface OrtTensor {
  readonly data: unknown;
  readonly dims: readonly number[];
  readonly type: string;
}
interface OrtSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputMetadata?: readonly { name: string; isTensor: boolean; type?: string }[];
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release(): Promise<void>;
}
/** The part of `onnxruntime-node` Kite uses. */
export interface OrtModule {
  InferenceSession: { create(model: Uint8Array, options?: Record<string, unknown>): Promise<OrtSession> };
  Tensor: new (type: string, data: Float32Array | Int32Array, dims: readonly number[]) => OrtTensor;
  env?: { versions?: Record<string, string> };
}

let cached: Promise<OrtModule> | undefined;

/**
 * Imports `onnxruntime-node` (once). `importer` replaces the import (tests). Throws
 * `KiteError('NOT_FOUND')` with the install command when the package is missing.
 */
export function loadOnnxRuntime(importer?: () => Promise<unknown>): Promise<OrtModule> {
  if (importer) return importOrt(importer);
  cached ??= importOrt(() => {
    // A variable specifier: bundlers and tsc leave the optional package alone.
    const specifier = 'onnxruntime-node';
    return import(specifier);
  }).catch((e: unknown) => {
    cached = undefined;
    throw e;
  });
  return cached;
}

async function importOrt(importer: () => Promise<unknown>): Promise<OrtModule> {
  let mod: Partial<OrtModule> & { default?: Partial<OrtModule> };
  try {
    mod = (await importer()) as typeof mod;
  } catch (e) {
    throw new KiteError(
      'NOT_FOUND',
      `ONNX inference needs ${ONNXRUNTIME_PACKAGE}, which is not installed or does not load (${(e as Error).message})`,
      {
        cause: e,
        hint: `install it with: ${ONNXRUNTIME_INSTALL}`,
      },
    );
  }
  const ort = (mod.InferenceSession ? mod : mod.default) as OrtModule | undefined;
  if (!ort?.InferenceSession || !ort.Tensor)
    throw new KiteError('NOT_FOUND', 'onnxruntime-node loaded but has no InferenceSession', {
      hint: `reinstall it with: ${ONNXRUNTIME_INSTALL}`,
    });
  return ort;
}

/** Input accepted by {@link OnnxModelRunner.predict}: a tfjs tensor or raw row-major data. */
export type OnnxInput =
  | tf.Tensor
  | { data: Float32Array | Int32Array | readonly number[]; shape: readonly number[] };

/** A loaded ONNX model. */
export interface OnnxModelRunner {
  /** The graph input's element type (`float32` for images and tables, `int32` for token ids). */
  readonly inputType: 'float32' | 'int32';
  /** onnxruntime-node's version. */
  readonly runtimeVersion: string;
  /** Runs the model; the result is what tfjs's `model.predict` returns (probabilities or values). */
  predict(x: OnnxInput): Promise<tf.Tensor>;
  /** Same as {@link predict} without tfjs tensors: the output's data and shape. */
  run(x: OnnxInput): Promise<{ data: Float32Array; shape: number[] }>;
  /** Frees the session. */
  dispose(): Promise<void>;
}

export interface LoadOnnxOptions {
  /** Intra-op threads (default 0: ONNX Runtime picks, about one per core). */
  threads?: number;
  /** Replaces `import('onnxruntime-node')` (tests). */
  importer?: () => Promise<unknown>;
}

function inputData(
  x: OnnxInput,
  type: 'float32' | 'int32',
): { data: Float32Array | Int32Array; shape: number[] } {
  if (x instanceof tf.Tensor) {
    const values = x.dataSync();
    const data =
      type === 'int32'
        ? values instanceof Int32Array
          ? values
          : Int32Array.from(values)
        : values instanceof Float32Array
          ? values
          : Float32Array.from(values);
    return { data, shape: x.shape };
  }
  const ok = type === 'int32' ? x.data instanceof Int32Array : x.data instanceof Float32Array;
  const data = ok
    ? (x.data as Float32Array | Int32Array)
    : type === 'int32'
      ? Int32Array.from(x.data)
      : Float32Array.from(x.data);
  return { data, shape: [...x.shape] };
}

/**
 * Loads an ONNX model (a file path or its bytes, as written by {@link saveOnnx} /
 * {@link exportOnnx}) into ONNX Runtime.
 *
 * @example
 * ```ts
 * const onnx = await loadOnnxModel('out/model.onnx');
 * const probabilities = await onnx.predict(images); // same as model.predict(images)
 * ```
 */
export async function loadOnnxModel(
  source: string | Uint8Array,
  options: LoadOnnxOptions = {},
): Promise<OnnxModelRunner> {
  const ort = await loadOnnxRuntime(options.importer);
  const where = typeof source === 'string' ? source : 'the given bytes';
  const bytes =
    typeof source === 'string'
      ? await readFile(source).catch((e: Error) => {
          throw new KiteError('NOT_FOUND', `cannot read the ONNX model ${source}: ${e.message}`, {
            cause: e,
          });
        })
      : source;
  let session: OrtSession;
  try {
    session = await ort.InferenceSession.create(bytes, {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all',
      executionMode: 'sequential',
      intraOpNumThreads: options.threads ?? 0,
      interOpNumThreads: 1,
      logSeverityLevel: 3, // errors only
    });
  } catch (e) {
    throw new KiteError(
      'INVALID_DATA',
      `${where} is not an ONNX model that ONNX Runtime can load: ${(e as Error).message}`,
      {
        cause: e,
        hint: 'export it again with exportOnnx / saveOnnx',
      },
    );
  }
  const inputName = session.inputNames[0]!;
  const outputName = session.outputNames[0]!;
  const declared = session.inputMetadata?.[0]?.type;
  const inputType = declared === 'int32' ? 'int32' : 'float32';
  const run = async (x: OnnxInput) => {
    const { data, shape } = inputData(x, inputType);
    let out: Record<string, OrtTensor>;
    try {
      out = await session.run({ [inputName]: new ort.Tensor(inputType, data, shape) });
    } catch (e) {
      throw new KiteError(
        'INVALID_ARGUMENT',
        `ONNX inference failed on input of shape ${JSON.stringify(shape)}: ${(e as Error).message}`,
        { cause: e },
      );
    }
    const y = out[outputName]!;
    return { data: y.data as Float32Array, shape: [...y.dims] };
  };
  return {
    inputType,
    runtimeVersion: ort.env?.versions?.node ?? 'unknown',
    run,
    predict: async (x) => {
      const { data, shape } = await run(x);
      return tf.tensor(data, shape);
    },
    dispose: () => session.release(),
  };
}
