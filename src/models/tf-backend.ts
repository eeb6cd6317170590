/**
 * Choosing the TensorFlow.js backend: `tfjs-node` (native TensorFlow) when it is installed,
 * else WASM (SIMD) with Kite's training kernels, else the pure-JS `cpu` backend with a warning
 * (it is 100–2000× slower than WASM). The choice is logged and returned so that a run can
 * record it.
 */
import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { KiteError, type Logger, silentLogger } from '../core/index.js';
import { registerWasmTrainingKernels } from './tf-kernels.js';
import { prepareWasmThreads, wantedWasmThreads } from './wasm-threads.js';

export const BACKEND_NAMES = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** What a run records about its backend. */
export interface BackendInfo {
  name: BackendName;
  /** WASM only: whether SIMD is in use. */
  simd?: boolean;
  /** WASM only: the XNNPACK thread pool's size. */
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
  /**
   * WASM: worker threads for XNNPACK (`wasm-threads.ts`): a count, or `'auto'` (the default:
   * the cores, at most 4). The `KITE_WASM_THREADS` environment variable overrides it
   * (`KITE_WASM_THREADS=1` turns threads off). Takes effect only on the first initialisation
   * in a process.
   */
  threads?: number | 'auto';
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

async function tryWasm(threads: number, notes: string[]): Promise<string | undefined> {
  let wasm: typeof import('@tensorflow/tfjs-backend-wasm');
  try {
    wasm = await import('@tensorflow/tfjs-backend-wasm');
  } catch (e) {
    return `the wasm backend cannot be loaded (${(e as Error).message})`;
  }
  // Threads can only be chosen before the wasm module is instantiated (once per process).
  const started =
    (tf.engine() as unknown as { registry: Record<string, unknown> }).registry.wasm !== undefined;
  const setup = threads > 1 && !started ? prepareWasmThreads(threads) : undefined;
  if (typeof setup === 'string') notes.push(`wasm threads off: ${setup}`);
  else if (setup) wasm.setThreadsCount(threads);
  try {
    return (await tf.setBackend('wasm')) ? undefined : 'the wasm backend failed to start';
  } finally {
    if (setup && typeof setup !== 'string') setup.finish();
  }
}

function wasmThreadsInUse(): number {
  try {
    return (
      tf.backend() as unknown as { wasm: { tfjs: { getThreadsCount(): number } } }
    ).wasm.tfjs.getThreadsCount();
  } catch {
    return 1;
  }
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
  const notes: string[] = [];
  const threads = wantedWasmThreads(options.threads, availableParallelism());
  for (const name of order) {
    const failure =
      name === 'tensorflow'
        ? await tryTensorflow()
        : name === 'wasm'
          ? await tryWasm(threads, notes)
          : await tryCpu();
    if (failure) {
      reasons.push(failure);
      continue;
    }
    await tf.ready();
    const info: BackendInfo = { name, addedKernels: [] };
    if (name === 'wasm') {
      info.addedKernels = registerWasmTrainingKernels({ replaceSlow: options.replaceSlowKernels ?? true });
      info.simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
      info.threads = wasmThreadsInUse();
      reasons.push(...notes);
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
