/**
 * Dataset prediction on ONNX Runtime, and the choice of engine for the `predict` and
 * `evaluate-model` components: a
 * model directory may hold `model.onnx` beside the tfjs weights (`train-model` writes it when
 * asked); `engine: 'auto'` uses it when onnxruntime-node loads, else tfjs.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { KiteError, type Logger } from '../../core/index.js';
import type { Dataset } from '../dataset.js';
import { type Collated, type Predictions, predictBatches } from '../train.js';
import { loadOnnxModel, type OnnxModelRunner } from './runtime.js';

/** The file name of the ONNX export inside a Kite model directory. */
export const ONNX_MODEL_FILE = 'model.onnx';

/** Engines the `predict` component accepts. */
export const PREDICT_ENGINES = ['auto', 'tfjs', 'onnx'] as const;
export type PredictEngine = (typeof PREDICT_ENGINES)[number];

/**
 * The ONNX runner for a model directory, or undefined for tfjs: `'tfjs'` never uses ONNX,
 * `'onnx'` requires `model.onnx` and onnxruntime-node (else a `KiteError`), `'auto'` uses them
 * when both are there and says why not otherwise.
 */
export async function openOnnxEngine(
  modelDir: string,
  engine: string,
  log?: Pick<Logger, 'info'>,
): Promise<OnnxModelRunner | undefined> {
  if (!(PREDICT_ENGINES as readonly string[]).includes(engine))
    throw new KiteError('INVALID_ARGUMENT', `engine '${engine}': expected ${PREDICT_ENGINES.join(' | ')}`);
  if (engine === 'tfjs') return undefined;
  const file = join(modelDir, ONNX_MODEL_FILE);
  if (!existsSync(file)) {
    if (engine === 'onnx')
      throw new KiteError('NOT_FOUND', `engine 'onnx': no ${ONNX_MODEL_FILE} in ${modelDir}`, {
        hint: 'train with the onnx option, or write it with saveOnnx(model, dir + "/model.onnx")',
      });
    return undefined;
  }
  try {
    return await loadOnnxModel(file);
  } catch (e) {
    if (engine === 'onnx') throw e;
    log?.info(`${file} present but not used (${(e as Error).message}); predicting with tfjs`);
    return undefined;
  }
}

/** Like `predictDataset`, on an ONNX runner: one output row per example, and the labels. */
export async function predictDatasetOnnx<E>(
  runner: OnnxModelRunner,
  ds: Dataset<E>,
  collate: (b: E[]) => Collated,
  batchSize = 256,
): Promise<Predictions> {
  return predictBatches(ds, collate, batchSize, async (x) => {
    const { data, shape } = await runner.run(x);
    const width = shape[1] ?? 1;
    return Array.from({ length: shape[0]! }, (_, r) => Array.from(data.subarray(r * width, (r + 1) * width)));
  });
}

/** Like `predictProbabilities`, on an ONNX runner. */
export async function predictProbabilitiesOnnx<E>(
  runner: OnnxModelRunner,
  ds: Dataset<E>,
  collate: (b: E[]) => Collated,
  batchSize = 256,
): Promise<number[][]> {
  return (await predictDatasetOnnx(runner, ds, collate, batchSize)).outputs;
}
