/**
 * Training a `tf.LayersModel` on a {@link Dataset}: seeded shuffles per epoch, batches streamed
 * through a collate function, validation metrics each epoch, early stopping on a monitored
 * metric (restoring the best weights), and a per-epoch callback — the hook AutoML's early
 * stopping listens to (return `false` to stop).
 */
import * as tf from '@tensorflow/tfjs';
import { KiteError, type Logger, silentLogger } from '../core/index.js';
import type { TableRow } from './csv-table.js';
import { batches, type Dataset } from './dataset.js';
import type { TextExample } from './glue.js';
import { type ImageExample, stackImages } from './image.js';
import { chooseTrainEngine, type TrainEngine, type TrainEngineInfo } from './onnx-train/engine.js';
import { encodeTexts, type Vocabulary } from './tokenizer.js';

/** Tensors of one batch; the trainer disposes them. `y` is absent for prediction. */
export interface Collated {
  x: tf.Tensor;
  y?: tf.Tensor;
}

/** Metrics of one epoch: `loss` and the model's metrics, `val_`-prefixed for validation. */
export type EpochMetrics = Record<string, number>;

export interface EarlyStopping {
  /** e.g. `'val_loss'` or `'val_accuracy'`. */
  monitor: string;
  /** Epochs without improvement before stopping. */
  patience: number;
  /** Default: `'max'` for names containing "acc", else `'min'`. */
  mode?: 'min' | 'max';
  minDelta?: number;
  /** Put the best epoch's weights back at the end; default true. */
  restoreBest?: boolean;
}

export interface TrainOptions<E> {
  train: Dataset<E>;
  validation?: Dataset<E>;
  collate: (batch: E[]) => Collated;
  epochs: number;
  batchSize: number;
  seed: number;
  earlyStopping?: EarlyStopping;
  /** Called after each epoch (may be async); return (or resolve to) `false` to stop training. */
  onEpochEnd?: (epoch: number, metrics: EpochMetrics) => unknown;
  logger?: Logger;
  signal?: AbortSignal;
  /**
   * Where the training steps run: `'auto'` (default) — ONNX Runtime's native kernels when
   * `onnxruntime-node` is installed and the model is supported (`onnx-train/`), else the tfjs
   * backend; `'tfjs'`; `'onnx'` (an error when it cannot). Validation always runs on tfjs.
   */
  engine?: TrainEngine;
  /** ONNX Runtime threads (default: as the wasm backend's). */
  threads?: number;
  /** Replaces `import('onnxruntime-node')` (tests). */
  onnxImporter?: () => Promise<unknown>;
}

export interface TrainResult {
  history: EpochMetrics[];
  /** Epoch (0-based) whose weights the model holds at the end. */
  bestEpoch: number;
  stoppedEarly: boolean;
  /** The engine that ran the steps. */
  engine: TrainEngineInfo;
}

/** tfjs names accuracy `acc`; Kite reports `accuracy` (and `val_accuracy`). */
function metricNames(model: tf.LayersModel): string[] {
  return model.metricsNames.map((n) => (n === 'acc' ? 'accuracy' : n));
}

function addWeighted(
  sums: Map<string, number>,
  names: string[],
  values: readonly number[],
  weight: number,
): void {
  for (const [i, name] of names.entries()) sums.set(name, (sums.get(name) ?? 0) + values[i]! * weight);
}

async function meanMetrics<E>(
  model: tf.LayersModel,
  ds: Dataset<E>,
  collate: (b: E[]) => Collated,
  batchSize: number,
): Promise<EpochMetrics> {
  const sums = new Map<string, number>();
  let n = 0;
  for await (const batch of batches(ds, { batchSize })) {
    const { x, y } = collate(batch);
    try {
      const out = model.evaluate(x, y!, { batchSize }) as tf.Scalar | tf.Scalar[];
      const values = (Array.isArray(out) ? out : [out]).map((t) => {
        const v = t.dataSync()[0]!;
        t.dispose();
        return v;
      });
      addWeighted(sums, metricNames(model), values, batch.length);
      n += batch.length;
    } finally {
      x.dispose();
      y?.dispose();
    }
  }
  return Object.fromEntries([...sums].map(([k, v]) => [k, v / n]));
}

/**
 * Trains `model` in place.
 *
 * @example
 * ```ts
 * const result = await trainModel(model, {
 *   train, validation, collate: collateImages, epochs: 10, batchSize: 64, seed: 1,
 *   earlyStopping: { monitor: 'val_accuracy', patience: 2 },
 *   onEpochEnd: (epoch, m) => report(epoch, m),
 * });
 * ```
 */
export async function trainModel<E>(model: tf.LayersModel, options: TrainOptions<E>): Promise<TrainResult> {
  const log = options.logger ?? silentLogger;
  const es = options.earlyStopping;
  if (es && !options.validation && es.monitor.startsWith('val_')) {
    throw new KiteError(
      'INVALID_ARGUMENT',
      `early stopping monitors '${es.monitor}' but no validation set was given`,
    );
  }
  const mode = es?.mode ?? (es?.monitor.includes('acc') ? 'max' : 'min');
  const better = (a: number, b: number): boolean =>
    mode === 'max' ? a > b + (es?.minDelta ?? 0) : a < b - (es?.minDelta ?? 0);
  const history: EpochMetrics[] = [];
  let best = mode === 'max' ? -Infinity : Infinity;
  let bestEpoch = -1;
  let bestWeights: tf.Tensor[] | undefined;
  let stoppedEarly = false;
  let { trainer, info: engine } = await chooseTrainEngine(model, options.engine ?? 'auto', {
    seed: options.seed,
    logger: log,
    ...(options.threads !== undefined ? { threads: options.threads } : {}),
    ...(options.onnxImporter ? { importer: options.onnxImporter } : {}),
  });
  /** One training step on the chosen engine. */
  const step = async (x: tf.Tensor, y: tf.Tensor): Promise<number | number[]> => {
    if (trainer) {
      try {
        return await trainer.trainOnBatch(x, y);
      } catch (e) {
        // Under 'auto', a graph ONNX Runtime refuses (say, for a new batch size) hands the
        // rest of training to tfjs, with the weights trained so far.
        const auto = (options.engine ?? 'auto') === 'auto';
        if (!auto || !(e instanceof KiteError) || e.code !== 'UNSUPPORTED') throw e;
        trainer.push();
        await trainer.dispose();
        trainer = undefined;
        engine = { name: 'tfjs', fallback: e.message };
        log.info(`training goes on with tfjs: ${e.message}`);
      }
    }
    return model.trainOnBatch(x, y);
  };
  try {
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      if (options.signal?.aborted) throw new KiteError('CANCELED', 'training was cancelled');
      const started = performance.now();
      const sums = new Map<string, number>();
      let seen = 0;
      for await (const batch of batches(options.train, {
        batchSize: options.batchSize,
        shuffle: true,
        seed: options.seed,
        epoch,
      })) {
        const { x, y } = options.collate(batch);
        try {
          if (!y)
            throw new KiteError(
              'INVALID_DATA',
              'training data has no labels (the collate function gave no y)',
            );
          const out = await step(x, y);
          const values = Array.isArray(out) ? out : [out];
          addWeighted(sums, metricNames(model), values, batch.length);
          seen += batch.length;
        } finally {
          x.dispose();
          y?.dispose();
        }
      }
      trainer?.push(); // validation, callbacks and best weights read the tfjs model
      const seconds = (performance.now() - started) / 1000;
      const metrics: EpochMetrics = Object.fromEntries([...sums].map(([k, v]) => [k, v / seen]));
      if (options.validation) {
        const val = await meanMetrics(
          model,
          options.validation,
          options.collate,
          Math.max(options.batchSize, 256),
        );
        for (const [k, v] of Object.entries(val)) metrics[`val_${k}`] = v;
      }
      metrics.seconds = seconds;
      metrics.samplesPerSecond = seen / seconds;
      history.push(metrics);
      log.info(`epoch ${epoch + 1}/${options.epochs}`, metrics);
      if (es) {
        const value = metrics[es.monitor];
        if (value === undefined) {
          throw new KiteError(
            'INVALID_ARGUMENT',
            `early stopping monitors '${es.monitor}', which is not among ${Object.keys(metrics).join(', ')}`,
          );
        }
        if (better(value, best)) {
          best = value;
          bestEpoch = epoch;
          if (es.restoreBest ?? true) {
            for (const w of bestWeights ?? []) w.dispose();
            bestWeights = model.getWeights().map((w) => w.clone());
          }
        } else if (epoch - bestEpoch >= es.patience) {
          stoppedEarly = true;
        }
      } else {
        bestEpoch = epoch;
      }
      const verdict = await options.onEpochEnd?.(epoch, metrics);
      if (verdict === false) stoppedEarly = true;
      if (stoppedEarly) break;
    }
    if (bestWeights && bestEpoch !== history.length - 1) model.setWeights(bestWeights);
  } finally {
    for (const w of bestWeights ?? []) w.dispose();
    await trainer?.dispose();
  }
  return { history, bestEpoch, stoppedEarly, engine };
}

/** Model outputs for every example of `ds` that could be read, with their labels when collated. */
export interface Predictions {
  /** One row per example: class probabilities (or the regression value). */
  outputs: number[][];
  /** The examples' labels (targets), when the collate function gave them. */
  labels?: number[];
}

/**
 * Runs the model over `ds` in order. Examples a loader skips (corrupt images) are absent from
 * both `outputs` and `labels`, which therefore stay aligned.
 */
export async function predictDataset<E>(
  model: tf.LayersModel,
  ds: Dataset<E>,
  collate: (b: E[]) => Collated,
  batchSize = 256,
): Promise<Predictions> {
  return predictBatches(ds, collate, batchSize, async (x) => {
    const p = model.predict(x, { batchSize }) as tf.Tensor;
    const rows = p.arraySync() as number[][];
    p.dispose();
    return rows;
  });
}

/**
 * The loop shared by every engine: collate each batch, keep its labels, run `predict` on its
 * inputs (which this function disposes) and collect one output row per example.
 */
export async function predictBatches<E>(
  ds: Dataset<E>,
  collate: (b: E[]) => Collated,
  batchSize: number,
  predict: (x: tf.Tensor) => Promise<number[][]>,
): Promise<Predictions> {
  const outputs: number[][] = [];
  let labels: number[] | undefined = [];
  for await (const batch of batches(ds, { batchSize })) {
    const { x, y } = collate(batch);
    if (y && labels) labels.push(...(y.dataSync() as Float32Array));
    else labels = undefined;
    y?.dispose();
    try {
      outputs.push(...(await predict(x)));
    } finally {
      x.dispose();
    }
  }
  return labels ? { outputs, labels } : { outputs };
}

/** Class probabilities for every example of `ds`, in order (see {@link predictDataset}). */
export async function predictProbabilities<E>(
  model: tf.LayersModel,
  ds: Dataset<E>,
  collate: (b: E[]) => Collated,
  batchSize = 256,
): Promise<number[][]> {
  return (await predictDataset(model, ds, collate, batchSize)).outputs;
}

/** Collates images into `[n, h, w, c]` and labels. */
export function collateImages(batch: ImageExample[]): Collated {
  const { x, shape, y } = stackImages(batch);
  return { x: tf.tensor4d(x, shape), y: tf.tensor1d(Float32Array.from(y)) };
}

/** Collates text (and pairs, joined) into token ids `[n, maxLength]` and labels. */
export function collateText(vocab: Vocabulary, maxLength: number): (batch: TextExample[]) => Collated {
  return (batch) => {
    const texts = batch.map((e) => (e.textPair === undefined ? e.text : `${e.text} ${e.textPair}`));
    const ids = encodeTexts(vocab, texts, { maxLength });
    const labelled = batch.every((e) => e.label !== undefined);
    return {
      x: tf.tensor2d(ids, [batch.length, maxLength], 'int32'),
      ...(labelled ? { y: tf.tensor1d(batch.map((e) => e.label!)) } : {}),
    };
  };
}

/** Collates table rows into `[n, features]` and targets. */
export function collateTable(batch: TableRow[]): Collated {
  const width = batch[0]?.features.length ?? 0;
  const x = new Float32Array(batch.length * width);
  batch.forEach((r, i) => {
    x.set(r.features, i * width);
  });
  return { x: tf.tensor2d(x, [batch.length, width]), y: tf.tensor1d(batch.map((r) => r.target)) };
}
