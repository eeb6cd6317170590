/**
 * What turns an opened dataset into model input, fitted on training data and saved in the
 * model card so that evaluation and prediction prepare data the same way: the vocabulary and
 * length for text, the image size, feature standardisation for tables. Also picks the model
 * builder for the data kind.
 */
import type * as tf from '@tensorflow/tfjs';
import {
  buildCnn,
  buildMlp,
  buildRnn,
  DEFAULT_CNN,
  DEFAULT_MLP,
  DEFAULT_RNN,
  type ModelHead,
} from './builders.js';
import type { TableRow } from './csv-table.js';
import type { OpenedDataset } from './data-source.js';
import type { ImageExample } from './image.js';
import type { ModelCard } from './persist.js';
import { buildVocabulary, parseVocabulary } from './tokenizer.js';
import { type Collated, collateImages, collateTable, collateText } from './train.js';

/** Fits the preparation on training data; returns the card's `input` (and vocabulary). */
export async function fitPreparation(
  opened: OpenedDataset,
  options: { maxLength: number },
): Promise<Pick<ModelCard, 'input' | 'vocabulary'>> {
  if (opened.kind === 'text') {
    const vocabulary = buildVocabulary(
      opened.dataset.examples.map((e) => (e.textPair ? `${e.text} ${e.textPair}` : e.text)),
    );
    return { input: { kind: 'text', maxLength: options.maxLength }, vocabulary };
  }
  if (opened.kind === 'image') {
    const [first] = (await opened.dataset.read([0])) as ImageExample[];
    return {
      input: { kind: 'image', height: first!.height, width: first!.width, channels: first!.channels },
    };
  }
  const rows = opened.dataset.rows;
  const width = opened.dataset.featureNames.length;
  const mean = new Array<number>(width).fill(0);
  const std = new Array<number>(width).fill(0);
  for (const r of rows) for (let j = 0; j < width; j++) mean[j]! += r.features[j]! / rows.length;
  for (const r of rows)
    for (let j = 0; j < width; j++) std[j]! += (r.features[j]! - mean[j]!) ** 2 / rows.length;
  return {
    input: {
      kind: 'table',
      featureNames: [...opened.dataset.featureNames],
      mean,
      std: std.map((v) => Math.sqrt(v) || 1),
    },
  };
}

/** The collate function that applies a card's preparation. */
export function collateFor(card: Pick<ModelCard, 'input' | 'vocabulary'>): (batch: never[]) => Collated {
  const input = (card.input ?? {}) as Record<string, unknown>;
  if (input.kind === 'text') {
    return collateText(
      parseVocabulary(card.vocabulary, 'model card vocabulary'),
      input.maxLength as number,
    ) as (b: never[]) => Collated;
  }
  if (input.kind === 'table') {
    const mean = input.mean as number[];
    const std = input.std as number[];
    return ((batch: TableRow[]) =>
      collateTable(
        batch.map((r) => ({
          target: r.target,
          features: r.features.map((v, j) => (v - mean[j]!) / std[j]!),
        })),
      )) as (b: never[]) => Collated;
  }
  return collateImages as (b: never[]) => Collated;
}

/** Builds the default model for the data kind (`auto`), with hyperparameters merged over the defaults. */
export function buildFor(
  card: Pick<ModelCard, 'input' | 'vocabulary'>,
  head: ModelHead,
  hyperparameters: Record<string, unknown>,
  seed: number,
): { model: tf.LayersModel; kind: ModelCard['kind']; hyperparameters: Record<string, unknown> } {
  const input = (card.input ?? {}) as Record<string, unknown>;
  if (input.kind === 'text') {
    const hp = { ...DEFAULT_RNN, ...hyperparameters };
    const model = buildRnn(hp, {
      vocabularySize: card.vocabulary!.tokens.length,
      maxLength: input.maxLength as number,
      head,
      seed,
    });
    return { model, kind: 'rnn', hyperparameters: hp };
  }
  if (input.kind === 'table') {
    const hp = { ...DEFAULT_MLP, ...hyperparameters };
    return {
      model: buildMlp(hp, { numFeatures: (input.featureNames as string[]).length, head, seed }),
      kind: 'mlp',
      hyperparameters: hp,
    };
  }
  const hp = { ...DEFAULT_CNN, ...hyperparameters };
  const shape: [number, number, number] = [
    input.height as number,
    input.width as number,
    input.channels as number,
  ];
  return { model: buildCnn(hp, { inputShape: shape, head, seed }), kind: 'cnn', hyperparameters: hp };
}
