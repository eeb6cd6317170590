/** The RNN text classifier builder (see `builders.ts` for the CNN and MLP). */
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
  optional,
  output,
} from './builders-common.js';
import { FusedLstm } from './fused-lstm.js';
import {
  type DropoutNoise,
  MaskedPooling,
  SEQUENCE_POOLINGS,
  type SequencePooling,
  StepDropout,
} from './sequence-layers.js';

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
