/**
 * Saving and loading a trained model with what prediction needs beside the weights: a
 * directory with `model.json` (Keras-format topology + weights manifest, as tfjs writes it),
 * `weights.bin`, and `kite-model.json` (kind, hyperparameters, classes, vocabulary, backend,
 * final metrics). Works on every backend (tfjs's `file://` handler needs tfjs-node).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { KiteError } from '../core/index.js';
import type { Vocabulary } from './tokenizer.js';

/** What Kite stores beside the weights. */
export interface ModelCard {
  format: 'kite.model';
  version: 1;
  kind: 'cnn' | 'rnn' | 'mlp' | 'custom';
  hyperparameters: Record<string, unknown>;
  classes?: readonly string[];
  vocabulary?: Vocabulary;
  /** Input preprocessing the model expects (image size, max text length, feature names, …). */
  input?: Record<string, unknown>;
  backend?: string;
  /** Where the training steps ran (`tfjs` or `onnxruntime`). */
  trainEngine?: string;
  metrics?: Record<string, number>;
}

/**
 * Writes `model` and its card into `dir` (created if needed).
 *
 * @example
 * ```ts
 * await saveModel(model, 'out/model', { format: 'kite.model', version: 1, kind: 'cnn', hyperparameters: hp, classes });
 * ```
 */
export async function saveModel(model: tf.LayersModel, dir: string, card: ModelCard): Promise<void> {
  await mkdir(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = artifacts.weightData;
      const bytes =
        weights === undefined
          ? new Uint8Array()
          : new Uint8Array(tf.io.concatenateArrayBuffers(Array.isArray(weights) ? weights : [weights]));
      const modelJson = {
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        modelTopology: artifacts.modelTopology,
        trainingConfig: artifacts.trainingConfig,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
      };
      await writeFile(join(dir, 'weights.bin'), bytes);
      await writeFile(join(dir, 'model.json'), JSON.stringify(modelJson));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  await writeFile(join(dir, 'kite-model.json'), `${JSON.stringify(card, null, 2)}\n`);
}

/** Loads a model saved by {@link saveModel}, with its card. */
export async function loadModel(dir: string): Promise<{ model: tf.LayersModel; card: ModelCard }> {
  const read = async (name: string): Promise<Buffer> =>
    readFile(join(dir, name)).catch((e: Error) => {
      throw new KiteError('NOT_FOUND', `no saved model in ${dir}: cannot read ${name} (${e.message})`, {
        cause: e,
      });
    });
  const [modelJson, weights, cardJson] = await Promise.all([
    read('model.json'),
    read('weights.bin'),
    read('kite-model.json'),
  ]);
  let parsed: {
    modelTopology: object;
    weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[];
    trainingConfig?: tf.io.TrainingConfig;
  };
  let card: ModelCard;
  try {
    parsed = JSON.parse(modelJson.toString('utf8'));
    card = JSON.parse(cardJson.toString('utf8'));
  } catch (e) {
    throw new KiteError('INVALID_DATA', `${dir}: model.json or kite-model.json is not valid JSON`, {
      cause: e,
    });
  }
  if (card.format !== 'kite.model')
    throw new KiteError('INVALID_DATA', `${dir}/kite-model.json: not a Kite model card`);
  const weightData = weights.buffer.slice(
    weights.byteOffset,
    weights.byteOffset + weights.byteLength,
  ) as ArrayBuffer;
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: parsed.modelTopology,
      weightSpecs: parsed.weightsManifest.flatMap((m) => m.weights),
      weightData,
      ...(parsed.trainingConfig ? { trainingConfig: parsed.trainingConfig } : {}),
    }),
  );
  return { model, card };
}
