/**
 * Model builders whose hyperparameters are flat plain objects (numbers, booleans and string
 * choices), so that an AutoML search space maps onto them one to one: a CNN for images, an
 * RNN (LSTM/GRU) for text, an MLP for tables. Each returns a compiled `tf.LayersModel`.
 */
import * as tf from '@tensorflow/tfjs';
import { type Issue, KiteError } from '../core/index.js';
import { FusedLstm } from './fused-lstm.js';
import {
  type DropoutNoise,
  MaskedPooling,
  SEQUENCE_POOLINGS,
  type SequencePooling,
  StepDropout,
} from './sequence-layers.js';

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
  /** Dropout after each recurrent layer (after the pooling for the last one); 0 = none. */
  dropout: number;
  denseUnits: number;
  learningRate: number;
  optimizer: OptimizerName;
  /**
   * How the last recurrent layer's states become the sentence vector: `'last'` (the final
   * state of each direction), `'max'` or `'mean'` over all non-padding time steps. Absent
   * (models saved before it existed) = `'last'`.
   */
  pooling?: SequencePooling;
  /**
   * Spatial dropout on the embeddings (whole embedding channels dropped for a sentence, as
   * Keras's SpatialDropout1D); absent = 0.
   */
  embeddingDropout?: number;
  /** Word dropout: each token's whole embedding is zeroed with this probability; absent = 0. */
  wordDropout?: number;
  /** L2 penalty on the embedding and dense weights (the loss gains `l2 · Σw²`); absent = 0. */
  l2?: number;
}

/**
 * Embedding 64 → word dropout 0.2 → spatial embedding dropout 0.3 → bi-LSTM 64 → max over
 * time → dropout 0.3 → softmax. Pooling and the two embedding dropouts were chosen on a
 * held-out part of SST-2's training split (bench/models/RESULTS.md: GLUE dev 78.4 % mean over
 * 10 seeds, range 76.8–79.8 %, against 77.7 % for the final-state model on the same seeds).
 */
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
  pooling: 'max',
  embeddingDropout: 0.3,
  wordDropout: 0.2,
  l2: 0,
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
/** For fields added after models were saved: absent means the old behaviour. */
const optional = (ok: (v: unknown) => boolean) => (v: unknown) => v === undefined || ok(v);

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

type L2Regularizer = ReturnType<typeof tf.regularizers.l2>;

function output(head: ModelHead, seed: number, kernelRegularizer?: L2Regularizer): tf.layers.Layer {
  const common = {
    kernelInitializer: tf.initializers.glorotUniform({ seed }),
    ...(kernelRegularizer ? { kernelRegularizer } : {}),
  };
  return head.task === 'classification'
    ? tf.layers.dense({ units: head.numClasses, activation: 'softmax', ...common })
    : tf.layers.dense({ units: 1, ...common });
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
    if (hp.dropout > 0) model.add(new StepDropout({ rate: hp.dropout, seed: seed++ }));
  }
  model.add(tf.layers.flatten());
  if (hp.denseUnits > 0) {
    model.add(tf.layers.dense({ units: hp.denseUnits, activation: 'relu', kernelInitializer: init() }));
    if (hp.denseDropout > 0) model.add(new StepDropout({ rate: hp.denseDropout, seed: seed++ }));
  }
  model.add(output(options.head, seed++));
  return compile(model, options.head, hp);
}

/**
 * An RNN text classifier over token ids `[batch, maxLength]` (id 0 = padding, masked).
 * LSTM/GRU use a sigmoid recurrent activation (as PyTorch and Keras ≥ 2.x; tfjs defaults to hard sigmoid).
 * Dropout layers draw a fresh mask every training step ({@link StepDropout}); padded steps never
 * enter a `'max'` / `'mean'` pooling ({@link MaskedPooling}).
 *
 * @example
 * ```ts
 * const model = buildRnn({ ...DEFAULT_RNN, pooling: 'mean', wordDropout: 0.1 }, { vocabularySize: vocab.tokens.length, maxLength: 56, head: { task: 'classification', numClasses: 2 }, seed: 1 });
 * ```
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
      [
        'pooling',
        optional(oneOf(SEQUENCE_POOLINGS)),
        `${SEQUENCE_POOLINGS.map((p) => `'${p}'`).join(' | ')}`,
      ],
      ['embeddingDropout', optional(num(0, 1, true)), 'a number in [0, 1)'],
      ['wordDropout', optional(num(0, 1, true)), 'a number in [0, 1)'],
      ['l2', optional(num(0, 1)), 'a number in [0, 1]'],
      ...common,
    ],
    'rnn',
  );
  const pooling = hp.pooling ?? 'last';
  const l2 = hp.l2 ?? 0;
  const regularizer = l2 > 0 ? tf.regularizers.l2({ l2 }) : undefined;
  let seed = options.seed ?? 0;
  const dropout = (rate: number, noise: DropoutNoise = 'element') =>
    new StepDropout({ rate, noise, seed: seed++ });
  const model = tf.sequential();
  model.add(
    tf.layers.embedding({
      inputDim: options.vocabularySize,
      outputDim: hp.embeddingDim,
      inputLength: options.maxLength,
      maskZero: true,
      embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: seed++ }),
      ...(regularizer ? { embeddingsRegularizer: regularizer } : {}),
    }),
  );
  if ((hp.wordDropout ?? 0) > 0) model.add(dropout(hp.wordDropout!, 'step'));
  if ((hp.embeddingDropout ?? 0) > 0) model.add(dropout(hp.embeddingDropout!, 'channel'));
  for (let l = 0; l < hp.layers; l++) {
    const last = l === hp.layers - 1;
    const returnSequences = !last || pooling !== 'last';
    if (hp.cell === 'lstm' && (options.implementation ?? 'fused') === 'fused') {
      model.add(new FusedLstm({ units: hp.units, bidirectional: hp.bidirectional, returnSequences, seed }));
      seed += 6;
    } else {
      const config = {
        units: hp.units,
        returnSequences,
        recurrentActivation: 'sigmoid' as const,
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed++ }),
        recurrentInitializer: tf.initializers.orthogonal({ seed: seed++ }),
      };
      const cell = hp.cell === 'lstm' ? tf.layers.lstm(config) : tf.layers.gru(config);
      model.add(
        hp.bidirectional ? tf.layers.bidirectional({ layer: cell as tf.RNN, mergeMode: 'concat' }) : cell,
      );
    }
    if (last && pooling !== 'last') model.add(new MaskedPooling({ mode: pooling }));
    if (hp.dropout > 0) model.add(dropout(hp.dropout));
  }
  if (hp.denseUnits > 0) {
    model.add(
      tf.layers.dense({
        units: hp.denseUnits,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed++ }),
        ...(regularizer ? { kernelRegularizer: regularizer } : {}),
      }),
    );
  }
  model.add(output(options.head, seed++, regularizer));
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
    if (hp.dropout > 0) model.add(new StepDropout({ rate: hp.dropout, seed: seed++ }));
  }
  model.add(output(options.head, seed++));
  return compile(model, options.head, hp);
}
