/**
 * Choosing the TensorFlow.js backend: `tfjs-node` (native TensorFlow) when it is installed,
 * else WASM (SIMD) with Kite's training kernels, else the pure-JS `cpu` backend with a warning
 * (it is 100–2000× slower than WASM). The choice is logged and returned so that a run can
 * record it.
 */
import * as tf from '@tensorflow/tfjs';
import { KiteError, type Logger, silentLogger } from '../core/index.js';
import { registerWasmTrainingKernels } from './tf-kernels.js';

export const BACKEND_NAMES = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** What a run records about its backend. */
export interface BackendInfo {
  name: BackendName;
  /** WASM only: whether SIMD is in use. */
  simd?: boolean;
  /** WASM only: worker threads (1: tfjs disables them in Node). */
  threads?: number;
  /** Kernels Kite registered for this backend. */
  addedKernels: string[];
  /** Why a faster backend was not used, when one was not. */
  warning?: string;
}

export interface InitBackendOptions {
  /** `'auto'` (default) tries tensorflow, then wasm, then cpu; a name forces that backend. */
  prefer?: BackendName | 'auto';
  logger?: Logger;
  /** WASM: replace the slow stock kernels too (default true; false is for benchmarks). */
  replaceSlowKernels?: boolean;
}

let current: BackendInfo | undefined;

// A variable specifier keeps TypeScript and bundlers from requiring the optional package.
const TFJS_NODE = '@tensorflow/tfjs-node';

async function tryTensorflow(): Promise<string | undefined> {
  try {
    await import(TFJS_NODE);
  } catch (e) {
    return `tfjs-node is not installed (${(e as Error).message.split('\n')[0]})`;
  }
  return (await tf.setBackend('tensorflow'))
    ? undefined
    : 'tfjs-node is installed but its backend failed to start';
}

async function tryWasm(): Promise<string | undefined> {
  try {
    await import('@tensorflow/tfjs-backend-wasm');
  } catch (e) {
    return `the wasm backend cannot be loaded (${(e as Error).message})`;
  }
  return (await tf.setBackend('wasm')) ? undefined : 'the wasm backend failed to start';
}

/**
 * Selects and initialises the backend (once per process; later calls return the same info
 * unless `prefer` names another backend).
 *
 * @example
 * ```ts
 * const backend = await initBackend({ logger });
 * // INFO tensorflow.js backend: wasm {"simd":true,"threads":1,...}
 * ```
 */
export async function initBackend(options: InitBackendOptions = {}): Promise<BackendInfo> {
  const prefer = options.prefer ?? 'auto';
  const log = options.logger ?? silentLogger;
  if (current && (prefer === 'auto' || prefer === current.name)) return current;
  const order: BackendName[] = prefer === 'auto' ? [...BACKEND_NAMES] : [prefer];
  const reasons: string[] = [];
  for (const name of order) {
    const failure =
      name === 'tensorflow' ? await tryTensorflow() : name === 'wasm' ? await tryWasm() : await tryCpu();
    if (failure) {
      reasons.push(failure);
      continue;
    }
    await tf.ready();
    const info: BackendInfo = { name, addedKernels: [] };
    if (name === 'wasm') {
      info.addedKernels = registerWasmTrainingKernels({ replaceSlow: options.replaceSlowKernels ?? true });
      info.simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
      info.threads = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') ? 2 : 1;
    }
    if (name === 'cpu') {
      info.warning = `using the pure-JS cpu backend, 100-2000x slower than wasm: ${reasons.join('; ') || 'requested'}`;
      log.warn(`tensorflow.js: ${info.warning}`);
    } else if (reasons.length > 0) {
      info.warning = reasons.join('; ');
    }
    log.info(`tensorflow.js backend: ${name}`, { ...info });
    current = info;
    return info;
  }
  throw new KiteError('UNSUPPORTED', `no TensorFlow.js backend could start: ${reasons.join('; ')}`, {
    hint: 'install @tensorflow/tfjs-backend-wasm (or @tensorflow/tfjs-node)',
  });
}

async function tryCpu(): Promise<string | undefined> {
  return (await tf.setBackend('cpu')) ? undefined : 'the cpu backend failed to start';
}

/** The backend chosen by {@link initBackend}, if it ran. */
export function currentBackend(): BackendInfo | undefined {
  return current;
}
