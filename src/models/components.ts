/**
 * Ready-made pipeline components of the models module (the only file here that imports
 * `dsl`): train → evaluate → predict, so a pipeline reads load → check → train → evaluate.
 * The model artifact is a directory written by {@link saveModel}; data comes as a Dataset
 * artifact plus its format (see {@link openDataset}).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KiteError } from '../core/index.js';
import { artifact, component, param } from '../dsl/index.js';
import { evaluateClassifier, evaluateRegressor } from '../stats/index.js';
import { openDataset } from './data-source.js';
import {
  ONNX_MODEL_FILE,
  openOnnxEngine,
  predictDatasetOnnx,
  predictProbabilitiesOnnx,
  saveOnnx,
} from './onnx/index.js';
import { TRAIN_ENGINES, type TrainEngine } from './onnx-train/engine.js';
import { loadModel, type ModelCard, saveModel } from './persist.js';
import { buildFor, collateFor, fitPreparation } from './prepare.js';
import { initBackend } from './tf-backend.js';
import { predictDataset, predictProbabilities, trainModel } from './train.js';

const dataInputs = {
  format: param.string({ default: 'idx', description: 'idx, image-folder, csv or glue:<task>' }),
  target: param.string({ default: 'label', description: 'csv: the target column' }),
  task: param.string({ default: 'classification', description: 'csv: classification or regression' }),
  imageSize: param.integer({ default: 0, description: 'image-folder: resize to this square size (0: keep)' }),
};

/** Which engine predicts: see {@link openOnnxEngine}. */
const engineInput = () =>
  param.string({
    default: 'auto',
    description: `tfjs, onnx, or auto (onnx when the model has ${ONNX_MODEL_FILE} and onnxruntime-node loads)`,
  });

function trainEngine(value: string): TrainEngine {
  if ((TRAIN_ENGINES as readonly string[]).includes(value)) return value as TrainEngine;
  throw new KiteError(
    'INVALID_ARGUMENT',
    `train-model: engine '${value}' is not one of ${TRAIN_ENGINES.join(', ')}`,
  );
}

function openOptions(i: { target: string; task: string; imageSize: number }, card?: ModelCard) {
  const size = i.imageSize > 0 ? ([i.imageSize, i.imageSize] as const) : undefined;
  return {
    target: i.target,
    task: i.task === 'regression' ? ('regression' as const) : ('classification' as const),
    ...(size ? { size } : {}),
    ...(card?.classes ? { classes: card.classes } : {}),
  };
}

/**
 * `train-model`: trains the default model for the data (CNN for images, RNN for text, MLP for
 * tables), hyperparameters merged over the defaults; reports each epoch's metrics (AutoML
 * early stopping listens) and writes the model directory and its final metrics.
 */
export const trainModelComponent = component({
  name: 'train-model',
  description: 'Train a CNN, RNN or MLP with TensorFlow.js',
  inputs: {
    data: artifact.dataset(),
    validation: artifact.dataset({ optional: true }),
    ...dataInputs,
    hyperparameters: param.struct({ default: {} }),
    epochs: param.integer({ default: 5 }),
    batchSize: param.integer({ default: 64 }),
    seed: param.integer({ default: 1 }),
    maxLength: param.integer({ default: 64, description: 'text: tokens per example' }),
    patience: param.integer({
      default: 0,
      description: 'early stopping patience on the validation loss (0: off)',
    }),
    onnx: param.boolean({
      default: true,
      description: `also write ${ONNX_MODEL_FILE} (ONNX export), so evaluate-model and predict can run on ONNX Runtime`,
    }),
    engine: param.string({
      default: 'auto',
      description:
        'where training steps run: auto (ONNX Runtime when onnxruntime-node is installed and the model is supported, else tfjs), tfjs, or onnx',
    }),
  },
  outputs: { model: artifact.model(), metrics: artifact.metrics(), objective: param.number() },
  run: async (i, { outputs, log, report, signal }) => {
    const backend = await initBackend({ logger: log });
    const train = await openDataset(i.data.path, i.format, openOptions(i));
    const validation = i.validation
      ? await openDataset(i.validation.path, i.format, {
          ...openOptions(i),
          ...(train.classes ? { classes: train.classes } : {}),
        })
      : undefined;
    const prep = await fitPreparation(train, { maxLength: i.maxLength });
    const head = train.classes
      ? { task: 'classification' as const, numClasses: train.classes.length }
      : { task: 'regression' as const };
    const built = buildFor(prep, head, i.hyperparameters as Record<string, unknown>, i.seed);
    const result = await trainModel(built.model, {
      train: train.dataset as never,
      ...(validation ? { validation: validation.dataset as never } : {}),
      collate: collateFor(prep),
      epochs: i.epochs,
      batchSize: i.batchSize,
      seed: i.seed,
      signal,
      logger: log,
      ...(i.patience > 0 && validation
        ? { earlyStopping: { monitor: 'val_loss', patience: i.patience } }
        : {}),
      onEpochEnd: (epoch, m) => report(epoch, m),
      engine: trainEngine(i.engine),
    });
    const final = result.history[result.bestEpoch] ?? result.history.at(-1) ?? {};
    const metrics = Object.fromEntries(Object.entries(final).filter(([, v]) => Number.isFinite(v)));
    await saveModel(built.model, outputs.model.path, {
      format: 'kite.model',
      version: 1,
      kind: built.kind,
      hyperparameters: built.hyperparameters,
      ...(train.classes ? { classes: train.classes } : {}),
      ...prep,
      backend: backend.name,
      trainEngine: result.engine.name,
      metrics,
    });
    // Every builder model exports (onnx/export.test.ts), so this is on by default.
    if (i.onnx) await saveOnnx(built.model, join(outputs.model.path, ONNX_MODEL_FILE));
    built.model.dispose();
    Object.assign(outputs.model.metadata, {
      framework: 'tensorflow.js',
      backend: backend.name,
      trainEngine: result.engine.name,
      ...(result.engine.fallback ? { trainEngineFallback: result.engine.fallback } : {}),
      onnx: i.onnx,
      kind: built.kind,
    });
    Object.assign(outputs.metrics.metadata, metrics);
    const objective =
      head.task === 'classification'
        ? (final.val_accuracy ?? final.accuracy)
        : (final.val_loss ?? final.loss);
    return { objective: objective ?? Number.NaN };
  },
});

/**
 * `evaluate-model`: every classification metric (or regression metric) on a labelled set,
 * written as `system.Metrics` and `system.ClassificationMetrics` artifacts.
 */
export const evaluateModelComponent = component({
  name: 'evaluate-model',
  description: 'Evaluate a trained model on labelled data',
  inputs: { model: artifact.model(), data: artifact.dataset(), ...dataInputs, engine: engineInput() },
  outputs: {
    metrics: artifact.metrics(),
    classification: artifact.classificationMetrics(),
    accuracy: param.number(),
  },
  run: async (i, { outputs, log }) => {
    await initBackend({ logger: log });
    const { model, card } = await loadModel(i.model.path);
    const opened = await openDataset(i.data.path, i.format, openOptions(i, card));
    if (opened.kind === 'text' && !opened.dataset.labelled) {
      throw new KiteError('INVALID_DATA', `evaluate-model: ${i.data.path} has no labels`);
    }
    const onnx = await openOnnxEngine(i.model.path, i.engine, log);
    const { outputs: probs, labels } = onnx
      ? await predictDatasetOnnx(onnx, opened.dataset as never, collateFor(card))
      : await predictDataset(model, opened.dataset as never, collateFor(card));
    await onnx?.dispose();
    model.dispose();
    log.info(`evaluate-model: predicting with ${onnx ? 'onnxruntime' : 'tensorflow.js'}`);
    const truth = labels ?? [];
    if (!card.classes) {
      const { metrics } = evaluateRegressor(
        truth,
        probs.map((r) => r[0]!),
      );
      Object.assign(outputs.metrics.metadata, metrics);
      return { accuracy: Number.NaN };
    }
    const ev = evaluateClassifier({ yTrue: truth, probabilities: probs, classes: card.classes });
    Object.assign(outputs.metrics.metadata, ev.metrics);
    Object.assign(outputs.classification.metadata, ev.classification as Record<string, never>);
    log.info(`accuracy ${ev.metrics.accuracy}`, ev.metrics);
    return { accuracy: ev.metrics.accuracy! };
  },
});

/** `predict`: class probabilities (or values) per example, as CSV (`index,prediction,p_<class>…`). */
export const predictComponent = component({
  name: 'predict',
  description: 'Predict with a trained model',
  inputs: {
    model: artifact.model(),
    data: artifact.dataset(),
    ...dataInputs,
    engine: engineInput(),
  },
  outputs: { predictions: artifact.dataset() },
  run: async (i, { outputs, log }) => {
    await initBackend({ logger: log });
    const { model, card } = await loadModel(i.model.path);
    const opened = await openDataset(i.data.path, i.format, openOptions(i, card));
    const onnx = await openOnnxEngine(i.model.path, i.engine, log);
    const probs = onnx
      ? await predictProbabilitiesOnnx(onnx, opened.dataset as never, collateFor(card))
      : await predictProbabilities(model, opened.dataset as never, collateFor(card));
    await onnx?.dispose();
    model.dispose();
    outputs.predictions.metadata.engine = onnx ? 'onnxruntime' : 'tensorflow.js';
    const classes = card.classes;
    const header = classes
      ? ['index', 'prediction', ...classes.map((c) => `p_${c}`)]
      : ['index', 'prediction'];
    const lines = probs.map((row, k) => {
      if (!classes) return `${k},${row[0]}`;
      const best = row.reduce((b, p, j) => (p > row[b]! ? j : b), 0);
      return [k, JSON.stringify(classes[best]), ...row].join(',');
    });
    writeFileSync(outputs.predictions.path, `${[header.join(','), ...lines].join('\n')}\n`);
    outputs.predictions.metadata.rows = probs.length;
  },
});
