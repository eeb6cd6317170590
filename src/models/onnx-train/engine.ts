/**
 * Picks where `trainModel` runs a model's steps: ONNX Runtime's native kernels when
 * `onnxruntime-node` is installed and every layer, the loss and the optimizer are supported,
 * else the model's tfjs backend — and says which, and why.
 */
import { availableParallelism } from 'node:os';
import type * as tf from '@tensorflow/tfjs';
import { KiteError, type Logger, silentLogger } from '../../core/index.js';
import { wantedWasmThreads } from '../wasm-threads.js';
import { OnnxTrainer } from './trainer.js';

export const TRAIN_ENGINES = ['auto', 'tfjs', 'onnx'] as const;
export type TrainEngine = (typeof TRAIN_ENGINES)[number];

/** What a run records about the engine that trained it. */
export interface TrainEngineInfo {
  name: 'tfjs' | 'onnxruntime';
  /** ONNX Runtime: intra-op threads. */
  threads?: number;
  /** Why ONNX Runtime was not used under `'auto'`. */
  fallback?: string;
}

export interface ChooseTrainEngineOptions {
  /** ONNX Runtime threads (default: as the wasm backend's, `KITE_WASM_THREADS` or the cores, ≤ 4). */
  threads?: number;
  seed?: number;
  logger?: Logger;
  /** Replaces `import('onnxruntime-node')` (tests). */
  importer?: () => Promise<unknown>;
}

/**
 * `'onnx'` gives an {@link OnnxTrainer} or throws (`UNSUPPORTED` naming the layer, `NOT_FOUND`
 * with the install command); `'auto'` falls back to tfjs on those two and logs why; `'tfjs'`
 * gives no trainer.
 */
export async function chooseTrainEngine(
  model: tf.LayersModel,
  engine: TrainEngine,
  options: ChooseTrainEngineOptions = {},
): Promise<{ trainer?: OnnxTrainer; info: TrainEngineInfo }> {
  const log = options.logger ?? silentLogger;
  if (engine === 'tfjs') return { info: { name: 'tfjs' } };
  const threads = options.threads ?? wantedWasmThreads(undefined, availableParallelism());
  try {
    const trainer = await OnnxTrainer.create(model, {
      threads,
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.importer ? { importer: options.importer } : {}),
    });
    log.info(`training on ONNX Runtime (${threads} thread${threads === 1 ? '' : 's'})`);
    return { trainer, info: { name: 'onnxruntime', threads } };
  } catch (e) {
    if (engine === 'onnx' || !(e instanceof KiteError) || !['UNSUPPORTED', 'NOT_FOUND'].includes(e.code))
      throw e;
    log.info(`training on tfjs: ${e.message}`);
    return { info: { name: 'tfjs', fallback: e.message } };
  }
}
