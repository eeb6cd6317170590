/**
 * Model builders whose hyperparameters are flat plain objects (numbers, booleans and string
 * choices), so that an AutoML search space maps onto them one to one: a CNN for images, an
 * RNN (LSTM/GRU) for text, an MLP for tables. Each returns a compiled `tf.LayersModel`.
 */
import * as tf from '@tensorflow/tfjs';
import { type Issue, KiteError } from '../core/index.js';
import { FusedLstm } from './fused-lstm.js';

export const OPTIMIZERS = ['adam', 'sgd', 'rmsprop'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

export interface CnnHyperparameters {
  /** Convolution blocks (conv → [batch norm] → activation → [pool] → [dropout]). */
  convBlocks: number;
  /** Filters of the first block; each next block multiplies by `filterGrowth`. */
  filters: number;
  filterGrowth: number;
  kernelSize: number;
  pooling: 'max' | 'avg' | 'none';
  batchNorm: boolean;
  /** Dropout after each block (0 = none). */
  dropout: number;
  /** Units of the dense hidden layer before the output (0 = none). */
  denseUnits: number;
  denseDropout: number;
  learningRate: number;
  optimizer: OptimizerName;
}

/** A small, sound CNN for 28×28 images (about 91–92 % on Fashion-MNIST when trained long enough). */
export const DEFAULT_CNN: CnnHyperparameters = {
  convBlocks: 2,
  filters: 32,
  filterGrowth: 2,
  kernelSize: 3,
  pooling: 'max',
  batchNorm: false,
  dropout: 0.25,
  denseUnits: 128,
  denseDropout: 0.5,
  learningRate: 1e-3,
  optimizer: 'adam',
};

export interface RnnHyperparameters {
  embeddingDim: number;
  cell: 'lstm' | 'gru';
  units: number;
  bidirectional: boolean;
  /** Stacked recurrent layers. */
  layers: number;
  dropout: number;
  denseUnits: number;
  learningRate: number;
  optimizer: OptimizerName;
}

export const DEFAULT_RNN: RnnHyperparameters = {
  embeddingDim: 64,
  cell: 'lstm',
  units: 64,
  bidirectional: true,
  layers: 1,
  dropout: 0.3,
  denseUnits: 0,
  learningRate: 2e-3,
  optimizer: 'adam',
};

export interface MlpHyperparameters {
  hiddenLayers: number;
  units: number;
  activation: 'relu' | 'tanh' | 'elu';
  dropout: number;
  batchNorm: boolean;
  /** L2 weight penalty (0 = none). */
  l2: number;
  learningRate: number;
  optimizer: OptimizerName;
}

export const DEFAULT_MLP: MlpHyperparameters = {
  hiddenLayers: 2,
  units: 64,
  activation: 'relu',
  dropout: 0.1,
  batchNorm: false,
  l2: 0,
  learningRate: 1e-3,
  optimizer: 'adam',
};

/** Output of a model: classes (softmax) or one regression value. */
export type ModelHead = { task: 'classification'; numClasses: number } | { task: 'regression' };

type Rule = [key: string, ok: (v: unknown) => boolean, what: string];
const int =
  (min: number, max = Number.MAX_SAFE_INTEGER) =>
  (v: unknown) =>
    Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
const num =
  (min: number, max: number, openMax = false) =>
  (v: unknown) =>
    typeof v === 'number' && v >= min && (openMax ? v < max : v <= max);
const oneOf = (values: readonly unknown[]) => (v: unknown) => values.includes(v);

function check(hp: object, rules: Rule[], what: string): void {
  const issues: Issue[] = [];
  for (const [key, ok, expected] of rules) {
    const v = (hp as Record<string, unknown>)[key];
    if (!ok(v))
      issues.push({
        code: 'bad-hyperparameter',
        path: `${what}.${key}`,
        message: `expected ${expected}, got ${JSON.stringify(v)}`,
      });
  }
  if (issues.length > 0)
    throw new KiteError('INVALID_ARGUMENT', `invalid ${what} hyperparameters`, { issues });
}

const common: Rule[] = [
  ['learningRate', num(1e-8, 10), 'a number in [1e-8, 10]'],
  ['optimizer', oneOf(OPTIMIZERS), OPTIMIZERS.join(' | ')],
];

function optimizer(name: OptimizerName, lr: number): tf.Optimizer {
  if (name === 'sgd') return tf.train.momentum(lr, 0.9);
  if (name === 'rmsprop') return tf.train.rmsprop(lr);
  return tf.train.adam(lr);
}

function compile(
  model: tf.LayersModel,
  head: ModelHead,
  hp: { optimizer: OptimizerName; learningRate: number },
): tf.LayersModel {
  model.compile({
    optimizer: optimizer(hp.optimizer, hp.learningRate),
    loss: head.task === 'classification' ? 'sparseCategoricalCrossentropy' : 'meanSquaredError',
    metrics: head.task === 'classification' ? ['accuracy'] : ['mae'],
  });
  return model;
}

function output(head: ModelHead, seed: number): tf.layers.Layer {
  return head.task === 'classification'
    ? tf.layers.dense({
        units: head.numClasses,
        activation: 'softmax',
        kernelInitializer: tf.initializers.glorotUniform({ seed }),
      })
    : tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed }) });
}

/**
 * A CNN for `[height, width, channels]` images.
 *
 * @example
 * ```ts
 * const model = buildCnn({ ...DEFAULT_CNN, filters: 16 }, { inputShape: [28, 28, 1], head: { task: 'classification', numClasses: 10 }, seed: 1 });
 * ```
 */
export function buildCnn(
  hp: CnnHyperparameters,
  options: { inputShape: [number, number, number]; head: ModelHead; seed?: number },
): tf.LayersModel {
  check(
    hp,
    [
      ['convBlocks', int(1, 8), 'an integer in [1, 8]'],
      ['filters', int(1, 1024), 'an integer in [1, 1024]'],
      ['filterGrowth', num(1, 4), 'a number in [1, 4]'],
      ['kernelSize', int(1, 11), 'an integer in [1, 11]'],
      ['pooling', oneOf(['max', 'avg', 'none']), "'max' | 'avg' | 'none'"],
      ['batchNorm', oneOf([true, false]), 'a boolean'],
      ['dropout', num(0, 1, true), 'a number in [0, 1)'],
      ['denseUnits', int(0, 8192), 'an integer in [0, 8192]'],
      ['denseDropout', num(0, 1, true), 'a number in [0, 1)'],
      ...common,
    ],
    'cnn',
  );
  let seed = options.seed ?? 0;
  const init = () => tf.initializers.glorotUniform({ seed: seed++ });
  const model = tf.sequential();
  let [h, w] = options.inputShape;
  for (let b = 0; b < hp.convBlocks; b++) {
    model.add(
      tf.layers.conv2d({
        ...(b === 0 ? { inputShape: options.inputShape } : {}),
        filters: Math.round(hp.filters * hp.filterGrowth ** b),
        kernelSize: hp.kernelSize,
        padding: 'same',
        useBias: !hp.batchNorm,
        kernelInitializer: init(),
      }),
    );
    if (hp.batchNorm) model.add(tf.layers.batchNormalization());
    model.add(tf.layers.activation({ activation: 'relu' }));
    if (hp.pooling !== 'none' && h >= 2 && w >= 2) {
      model.add(
        hp.pooling === 'max'
          ? tf.layers.maxPooling2d({ poolSize: 2 })
          : tf.layers.averagePooling2d({ poolSize: 2 }),
      );
      h = Math.floor(h / 2);
      w = Math.floor(w / 2);
    }
    if (hp.dropout > 0) model.add(tf.layers.dropout({ rate: hp.dropout, seed: seed++ }));
  }
  model.add(tf.layers.flatten());
  if (hp.denseUnits > 0) {
    model.add(tf.layers.dense({ units: hp.denseUnits, activation: 'relu', kernelInitializer: init() }));
    if (hp.denseDropout > 0) model.add(tf.layers.dropout({ rate: hp.denseDropout, seed: seed++ }));
  }
  model.add(output(options.head, seed++));
  return compile(model, options.head, hp);
}

/**
 * An RNN text classifier over token ids `[batch, maxLength]` (id 0 = padding, masked).
 * LSTM/GRU use a sigmoid recurrent activation (as PyTorch and Keras ≥ 2.x; tfjs defaults to hard sigmoid).
 */
export function buildRnn(
  hp: RnnHyperparameters,
  options: {
    vocabularySize: number;
    maxLength: number;
    head: ModelHead;
    seed?: number;
    /**
     * LSTM only: `'fused'` (default; {@link FusedLstm}: same maths and weights as
     * `tf.layers.lstm`, ~100× fewer kernels, 1.46× faster training steps on wasm — see
     * bench/models/RESULTS.md) or `'layers'` (tfjs's own `tf.layers.lstm`).
     */
    implementation?: 'fused' | 'layers';
  },
): tf.LayersModel {
  check(
    hp,
    [
      ['embeddingDim', int(1, 4096), 'an integer in [1, 4096]'],
      ['cell', oneOf(['lstm', 'gru']), "'lstm' | 'gru'"],
      ['units', int(1, 4096), 'an integer in [1, 4096]'],
      ['bidirectional', oneOf([true, false]), 'a boolean'],
      ['layers', int(1, 4), 'an integer in [1, 4]'],
      ['dropout', num(0, 1, true), 'a number in [0, 1)'],
      ['denseUnits', int(0, 8192), 'an integer in [0, 8192]'],
      ...common,
    ],
    'rnn',
  );
  let seed = options.seed ?? 0;
  const model = tf.sequential();
  model.add(
    tf.layers.embedding({
      inputDim: options.vocabularySize,
      outputDim: hp.embeddingDim,
      inputLength: options.maxLength,
      maskZero: true,
      embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: seed++ }),
    }),
  );
  for (let l = 0; l < hp.layers; l++) {
    if (hp.cell === 'lstm' && (options.implementation ?? 'fused') === 'fused') {
      model.add(
        new FusedLstm({
          units: hp.units,
          bidirectional: hp.bidirectional,
          returnSequences: l < hp.layers - 1,
          seed: seed,
        }),
      );
      seed += 6;
      if (hp.dropout > 0) model.add(tf.layers.dropout({ rate: hp.dropout, seed: seed++ }));
      continue;
    }
    const config = {
      units: hp.units,
      returnSequences: l < hp.layers - 1,
      recurrentActivation: 'sigmoid' as const,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed++ }),
      recurrentInitializer: tf.initializers.orthogonal({ seed: seed++ }),
    };
    const cell = hp.cell === 'lstm' ? tf.layers.lstm(config) : tf.layers.gru(config);
    model.add(
      hp.bidirectional ? tf.layers.bidirectional({ layer: cell as tf.RNN, mergeMode: 'concat' }) : cell,
    );
    if (hp.dropout > 0) model.add(tf.layers.dropout({ rate: hp.dropout, seed: seed++ }));
  }
  if (hp.denseUnits > 0) {
    model.add(
      tf.layers.dense({
        units: hp.denseUnits,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed++ }),
      }),
    );
  }
  model.add(output(options.head, seed++));
  return compile(model, options.head, hp);
}

/** An MLP for tables of `numFeatures` numeric columns (standardise them first). */
export function buildMlp(
  hp: MlpHyperparameters,
  options: { numFeatures: number; head: ModelHead; seed?: number },
): tf.LayersModel {
  check(
    hp,
    [
      ['hiddenLayers', int(0, 16), 'an integer in [0, 16]'],
      ['units', int(1, 8192), 'an integer in [1, 8192]'],
      ['activation', oneOf(['relu', 'tanh', 'elu']), "'relu' | 'tanh' | 'elu'"],
      ['dropout', num(0, 1, true), 'a number in [0, 1)'],
      ['batchNorm', oneOf([true, false]), 'a boolean'],
      ['l2', num(0, 1), 'a number in [0, 1]'],
      ...common,
    ],
    'mlp',
  );
  let seed = options.seed ?? 0;
  const model = tf.sequential();
  model.add(tf.layers.inputLayer({ inputShape: [options.numFeatures] }));
  for (let l = 0; l < hp.hiddenLayers; l++) {
    model.add(
      tf.layers.dense({
        units: hp.units,
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed++ }),
        ...(hp.l2 > 0 ? { kernelRegularizer: tf.regularizers.l2({ l2: hp.l2 }) } : {}),
      }),
    );
    if (hp.batchNorm) model.add(tf.layers.batchNormalization());
    model.add(tf.layers.activation({ activation: hp.activation }));
    if (hp.dropout > 0) model.add(tf.layers.dropout({ rate: hp.dropout, seed: seed++ }));
  }
  model.add(output(options.head, seed++));
  return compile(model, options.head, hp);
}
