/**
 * Worker threads for the tfjs WASM backend in Node.
 *
 * tfjs-backend-wasm 4.22 ships a threaded SIMD build (XNNPACK's thread pool on emscripten
 * pthreads) but never uses it in Node: its `WASM_HAS_MULTITHREAD_SUPPORT` flag is hard-coded
 * to false there (tfjs issue 3830), because the build creates its workers from `blob:` URLs,
 * which Node's `Worker` rejects (`ERR_WORKER_PATH`). The build also sizes its pool from
 * `os.cpus().length / 2` (so one thread on two cores), and its idle workers keep a Node process
 * alive after the work is done.
 *
 * {@link prepareWasmThreads} fixes the three, without patching files in `node_modules`:
 * - it writes the pthread worker script and the threaded module factory to a folder under the
 *   system's temp dir named by their content hash (shared by every process) and makes the worker load the factory from that file (the worker's `load` message carries
 *   the factory as a Blob, which Node cannot import);
 * - while the backend starts, `URL.createObjectURL` returns the worker's file path, and
 *   `os.cpus()` reports enough cores for the requested thread count;
 * - afterwards it restores both and `unref()`s every worker, so a script ends when its work
 *   ends, as with one thread.
 * Anything unexpected (a tfjs version whose worker script differs) makes it return a reason and
 * leaves the backend single-threaded.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

const require = createRequire(import.meta.url);

// The one branch of the pthread worker script (emscripten, tfjs-backend-wasm 4.22) that loads
// the module factory; the other branch turns a Blob into an object URL, which Node cannot load.
const WORKER_LOAD_BRANCH = 'if(typeof e.data.urlOrBlob=="string"){importScripts(e.data.urlOrBlob)}';

/** Writes `text` to `path` unless it is there: to a temporary name, then renamed (atomic). */
function writeOnce(path: string, text: string): void {
  if (existsSync(path)) return;
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** What {@link prepareWasmThreads} set up; `finish` runs once the backend has started. */
export interface WasmThreadsSetup {
  /** Restores the patched globals and unrefs the worker threads. */
  finish(): void;
}

interface NodeOs {
  cpus(): unknown[];
}

interface EmscriptenModule {
  PThread?: { unusedWorkers?: Array<{ unref?(): void }>; runningWorkers?: Array<{ unref?(): void }> };
}

/**
 * The number of threads to ask for: `KITE_WASM_THREADS` (a count or `auto`), else the option,
 * else `'auto'` — the cores, at most 4 (measured on 2 cores: CNN training 1.24×, CNN inference
 * 1.9×, LSTM unchanged; bench/models/RESULTS.md). Nonsense counts mean 1.
 */
export function wantedWasmThreads(option: number | 'auto' | undefined, cores: number): number {
  const env = process.env.KITE_WASM_THREADS;
  const raw = env !== undefined && env !== '' ? (env === 'auto' ? 'auto' : Number(env)) : (option ?? 'auto');
  if (raw === 'auto') return Math.max(1, Math.min(cores, 4));
  if (!Number.isInteger(raw) || raw < 1) return 1;
  return Math.min(raw, 16);
}

/**
 * Prepares the threaded WASM build for `threads` threads. Call after importing
 * `@tensorflow/tfjs-backend-wasm` and before `tf.setBackend('wasm')`; call `finish()` after
 * `tf.ready()`. Returns a string (the reason) when threads cannot be used.
 */
export function prepareWasmThreads(threads: number): WasmThreadsSetup | string {
  let outDir: string;
  let factorySource: string;
  let workerSource: string;
  try {
    outDir = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'wasm-out');
    const factory = require(join(outDir, 'tfjs-backend-wasm-threaded-simd.js')) as {
      default?: () => unknown;
    } & (() => unknown);
    factorySource = (factory.default ?? factory).toString();
    workerSource = (
      require(join(outDir, 'tfjs-backend-wasm-threaded-simd.worker.js')) as {
        wasmWorkerContents: string;
      }
    ).wasmWorkerContents;
  } catch (e) {
    return `the threaded wasm build cannot be loaded (${(e as Error).message.split('\n')[0]})`;
  }
  if (!workerSource.includes(WORKER_LOAD_BRANCH)) {
    return 'this version of @tensorflow/tfjs-backend-wasm has a worker script Kite does not know';
  }
  // One folder per content (not per process): every process of a run shares the two files.
  const main = `var WasmBackendModuleThreadedSimd = ${factorySource}\n`;
  const dir = join(
    tmpdir(),
    `kite-wasm-threads-${createHash('sha256').update(main).update(workerSource).digest('hex').slice(0, 16)}`,
  );
  const mainPath = join(dir, 'tfjs-backend-wasm-threaded-simd.js');
  const workerPath = join(dir, 'tfjs-backend-wasm-threaded-simd.worker.js');
  // The worker script is a template literal whose "\n" escapes became real newlines inside
  // string literals; tfjs escapes them again before making its Blob, and so do we.
  const worker = workerSource
    .replace(/\n/g, '\\n')
    .replace(WORKER_LOAD_BRANCH, `if(true){importScripts(${JSON.stringify(mainPath)})}`);
  try {
    mkdirSync(dir, { recursive: true });
    writeOnce(mainPath, main);
    writeOnce(workerPath, worker);
  } catch (e) {
    return `cannot write the worker scripts to ${dir} (${(e as Error).message})`;
  }

  const os = require('node:os') as NodeOs;
  const realCpus = os.cpus;
  const realCreateObjectURL = URL.createObjectURL;
  os.cpus = () => {
    const cpus = realCpus();
    // The build uses half the reported cores.
    return Array.from({ length: Math.max(cpus.length, threads * 2) }, (_, i) => cpus[i % cpus.length]);
  };
  URL.createObjectURL = () => workerPath;
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  return {
    finish() {
      os.cpus = realCpus;
      URL.createObjectURL = realCreateObjectURL;
      const module = (tf.backend() as unknown as { wasm?: EmscriptenModule }).wasm;
      const pool = module?.PThread;
      for (const w of [...(pool?.unusedWorkers ?? []), ...(pool?.runningWorkers ?? [])]) w.unref?.();
    },
  };
}
