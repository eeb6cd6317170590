/**
 * Model builders whose hyperparameters are flat plain objects (numbers, booleans and string
 * choices), so that an AutoML search space maps onto them one to one: a CNN for images, an
 * RNN (LSTM/GRU) for text, an MLP for tables. Each returns a compiled `tf.LayersModel`.
 */
import * as tf from '@tensorflow/tfjs';
import {
  check,
  common,
  compile,
  int,
  type ModelHead,
  num,
  type OptimizerName,
  oneOf,
  output,
} from './builders-common.js';
import { StepDropout } from './sequence-layers.js';

export { type ModelHead, OPTIMIZERS, type OptimizerName } from './builders-common.js';
export { buildRnn, DEFAULT_RNN, type RnnHyperparameters } from './builders-rnn.js';

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
